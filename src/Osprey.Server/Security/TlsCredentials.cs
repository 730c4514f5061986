using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Osprey.Network.Security;
using Osprey.Server.Settings;

namespace Osprey.Server.Security;

/// <summary>
/// The certificates of <c>Dicom:Tls</c> and of the devices reached over TLS, loaded once at start so
/// that a missing or unreadable file stops start-up with a line naming its key rather than failing
/// the first association that needs it.
/// </summary>
public sealed class TlsCredentials
{
    private readonly Dictionary<string, TlsClientOptions> _devices;

    private TlsCredentials(TlsServerOptions? server, Dictionary<string, TlsClientOptions> devices, CertificateFiles.Identity? own)
    {
        Server = server;
        _devices = devices;
        Own = own;
    }

    /// <summary>The certificate and key of <c>Dicom:Tls:Certificate</c> (also the web page's under <c>Web:Https</c>); null when none is set.</summary>
    public CertificateFiles.Identity? Own { get; }

    /// <summary>What the TLS port uses; null when <c>Dicom:TlsPort</c> is 0.</summary>
    public TlsServerOptions? Server { get; }

    /// <summary>The TLS options for calling <paramref name="device"/>; null when it is reached over plain TCP.</summary>
    public TlsClientOptions? For(RemoteDevice device) => _devices.GetValueOrDefault(device.AeTitle.Trim());

    /// <summary>Loads every file the settings name (validated settings).</summary>
    /// <exception cref="SettingsException">A file cannot be loaded; the line names its key.</exception>
    public static TlsCredentials Load(OspreySettings settings)
    {
        var tls = settings.Dicom.Tls;
        X509Certificate2Collection? trusted = string.IsNullOrWhiteSpace(tls.TrustedCertificates)
            ? null
            : Try("Dicom:Tls:TrustedCertificates", () => CertificateFiles.LoadBundle(tls.TrustedCertificates));
        CertificateFiles.Identity? own = string.IsNullOrWhiteSpace(tls.Certificate)
            ? null
            : Try("Dicom:Tls:Certificate", () => CertificateFiles.LoadIdentity(tls.Certificate, tls.PrivateKey, tls.CertificatePassword));
        var server = settings.Dicom.TlsPort != 0 ? new TlsServerOptions(own!, trusted, tls.RequireClientCertificate) : null;

        var devices = new Dictionary<string, TlsClientOptions>(StringComparer.Ordinal);
        for (int i = 0; i < settings.Devices.Count; i++)
        {
            var device = settings.Devices[i];
            if (!device.Tls) continue;
            var identity = string.IsNullOrWhiteSpace(device.TlsCertificate)
                ? own
                : Try($"Devices:{i}:TlsCertificate", () => CertificateFiles.LoadIdentity(device.TlsCertificate, device.TlsPrivateKey, tls.CertificatePassword));
            devices[device.AeTitle.Trim()] = new TlsClientOptions { ClientCertificate = identity, Trusted = trusted, VerifyHostName = device.TlsVerifyHostName };
        }
        return new TlsCredentials(server, devices, own);
    }

    private static T Try<T>(string key, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (CryptographicException e)
        {
            throw new SettingsException($"{key}: {e.Message}", e);
        }
    }
}
