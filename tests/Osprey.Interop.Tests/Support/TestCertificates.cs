using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Osprey.Interop.Tests.Support;

/// <summary>
/// Certificates made for one test run (never committed): a test CA; a server certificate it signed
/// for 127.0.0.1 and localhost; a client certificate it signed; and a second, untrusted CA with a
/// client and a server certificate of its own. Each is written as PEM (certificate, PKCS#8 key) to a
/// temporary folder, removed when disposed.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public sealed record Pair(string Certificate, string Key);

    private TestCertificates(string directory)
    {
        Directory = directory;
        using var ca = MakeCa("Osprey Test CA");
        using var other = MakeCa("Some Other CA");
        CaCertificate = WriteCertificate("ca.crt", ca);
        OtherCaCertificate = WriteCertificate("other-ca.crt", other);
        Server = Issue("server", "localhost", ca, serverAuth: true);
        Client = Issue("client", "modality", ca, serverAuth: false);
        OtherClient = Issue("other-client", "intruder", other, serverAuth: false);
        OtherServer = Issue("other-server", "localhost", other, serverAuth: true);
    }

    public string Directory { get; }

    /// <summary>The trusted CA's certificate (PEM), for <c>+cf</c> and <c>Dicom:Tls:TrustedCertificates</c>.</summary>
    public string CaCertificate { get; }

    /// <summary>A CA nobody trusts.</summary>
    public string OtherCaCertificate { get; }

    /// <summary>Signed by the trusted CA, for 127.0.0.1 and localhost (server and client use).</summary>
    public Pair Server { get; }

    /// <summary>A client certificate signed by the trusted CA.</summary>
    public Pair Client { get; }

    /// <summary>A client certificate signed by the other CA.</summary>
    public Pair OtherClient { get; }

    /// <summary>A server certificate for 127.0.0.1 signed by the other CA.</summary>
    public Pair OtherServer { get; }

    public static TestCertificates Create() => new(System.IO.Directory.CreateTempSubdirectory("osprey-certs-").FullName);

    /// <summary>The server settings of a TLS port with these certificates.</summary>
    public string[] ServerSettings(int tlsPort, bool requireClientCertificate = false) =>
    [
        $"--Dicom:TlsPort={tlsPort}",
        $"--Dicom:Tls:Certificate={Server.Certificate}",
        $"--Dicom:Tls:PrivateKey={Server.Key}",
        $"--Dicom:Tls:TrustedCertificates={CaCertificate}",
        $"--Dicom:Tls:RequireClientCertificate={(requireClientCertificate ? "true" : "false")}",
    ];

    /// <summary>DCMTK's options for a TLS connection with <paramref name="pair"/> (or anonymous when null), trusting the test CA.</summary>
    public string[] Dcmtk(Pair? pair) => pair is null
        ? ["+tla", "+cf", CaCertificate]
        : ["+tls", pair.Key, pair.Certificate, "+cf", CaCertificate];

    private static CertificateRequest Request(string commonName, RSA key) =>
        new($"CN={commonName}, O=Osprey tests", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    private static X509Certificate2 MakeCa(string name)
    {
        using var key = RSA.Create(2048);
        var request = Request(name, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
    }

    private Pair Issue(string file, string commonName, X509Certificate2 ca, bool serverAuth)
    {
        using var key = RSA.Create(2048);
        var request = Request(commonName, key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        // Both uses: Osprey presents its server certificate when it calls a device over TLS.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var certificate = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        var certificatePath = WriteCertificate(file + ".crt", certificate);
        var keyPath = Path.Combine(Directory, file + ".key");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new Pair(certificatePath, keyPath);
    }

    private string WriteCertificate(string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
