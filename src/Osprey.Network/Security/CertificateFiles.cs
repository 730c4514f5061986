using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Osprey.Network.Security;

/// <summary>
/// Certificates and keys from the files an administrator has: a PEM certificate (optionally followed
/// by its intermediate certificates) with a PEM private key (PKCS#8, PKCS#1 or SEC1, optionally
/// encrypted), or one PKCS#12 file (.p12/.pfx) holding both; and bundles of trusted certificates (PEM,
/// or one DER certificate). Errors name the file.
/// </summary>
public static class CertificateFiles
{
    /// <summary>A certificate with its private key, and the other certificates of its file (its chain).</summary>
    public sealed record Identity(X509Certificate2 Certificate, X509Certificate2Collection Chain);

    /// <summary>Loads a certificate with its key. <paramref name="keyPath"/> empty: the key is in <paramref name="certificatePath"/>.</summary>
    /// <exception cref="CryptographicException">The files cannot be read as a certificate with its key; the message names the file.</exception>
    public static Identity LoadIdentity(string certificatePath, string? keyPath, string? password)
    {
        try
        {
            if (IsPkcs12(certificatePath))
            {
                var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(certificatePath, password ?? "", X509KeyStorageFlags.EphemeralKeySet);
                var leaf = all.FirstOrDefault(c => c.HasPrivateKey)
                    ?? throw new CryptographicException("it holds no certificate with a private key");
                var chain = new X509Certificate2Collection();
                foreach (var c in all)
                    if (!ReferenceEquals(c, leaf)) chain.Add(c);
                return new Identity(leaf, chain);
            }
            var key = string.IsNullOrEmpty(keyPath) ? null : keyPath;
            var certificate = string.IsNullOrEmpty(password)
                ? X509Certificate2.CreateFromPemFile(certificatePath, key)
                : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, password, key);
            var rest = new X509Certificate2Collection();
            rest.ImportFromPemFile(certificatePath);
            var others = new X509Certificate2Collection();
            foreach (var c in rest)
                if (c.Thumbprint != certificate.Thumbprint) others.Add(c);
            return new Identity(certificate, others);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            var files = string.IsNullOrEmpty(keyPath) ? certificatePath : $"{certificatePath} with key {keyPath}";
            throw new CryptographicException($"cannot load a certificate with its private key from {files}: {e.Message}", e);
        }
    }

    /// <summary>Loads every certificate of a trusted bundle.</summary>
    /// <exception cref="CryptographicException">The file holds no certificate; the message names it.</exception>
    public static X509Certificate2Collection LoadBundle(string path)
    {
        try
        {
            var bundle = new X509Certificate2Collection();
            if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                bundle.ImportFromPemFile(path);
            else
                bundle.Add(X509CertificateLoader.LoadCertificateFromFile(path));
            if (bundle.Count == 0) throw new CryptographicException("it holds no certificate");
            return bundle;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new CryptographicException($"cannot load trusted certificates from {path}: {e.Message}", e);
        }
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase);
}
