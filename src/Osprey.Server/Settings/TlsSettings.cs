namespace Osprey.Server.Settings;

/// <summary>
/// Section <c>Dicom:Tls</c>: what the TLS port (<see cref="DicomSettings.TlsPort"/>) uses, and what
/// outbound TLS to a device trusts and presents. Paths are files on the server: a PEM certificate
/// (its chain may follow it) with a PEM key, or one PKCS#12 file (<c>.p12</c>/<c>.pfx</c>).
/// </summary>
public sealed class TlsSettings
{
    /// <summary>Server certificate file. Required when the TLS port is on.</summary>
    public string Certificate { get; set; } = "";

    /// <summary>File of the private key of <see cref="Certificate"/>; may be empty when the certificate file holds the key.</summary>
    public string PrivateKey { get; set; } = "";

    /// <summary>Password of an encrypted PEM key or of a PKCS#12 file; empty: none.</summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>
    /// File of the certificates (PEM bundle) trusted to sign client certificates on the TLS port and
    /// the certificates of devices Osprey connects to over TLS; empty: the system's trusted roots.
    /// </summary>
    public string TrustedCertificates { get; set; } = "";

    /// <summary>Refuse TLS clients that present no certificate signed by <see cref="TrustedCertificates"/> (mutual authentication).</summary>
    public bool RequireClientCertificate { get; set; }
}
