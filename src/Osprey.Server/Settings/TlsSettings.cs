namespace Osprey.Server.Settings;

/// <summary>Section <c>Dicom:Tls</c>: what the TLS port (<see cref="DicomSettings.TlsPort"/>) uses. Paths are files on the server.</summary>
public sealed class TlsSettings
{
    /// <summary>Server certificate file. Required when the TLS port is on.</summary>
    public string Certificate { get; set; } = "";

    /// <summary>File of the private key of <see cref="Certificate"/>; may be empty when the certificate file holds the key.</summary>
    public string PrivateKey { get; set; } = "";

    /// <summary>File of the certificates trusted to sign client and peer certificates.</summary>
    public string TrustedCertificates { get; set; } = "";

    /// <summary>Refuse TLS clients that present no trusted certificate.</summary>
    public bool RequireClientCertificate { get; set; }
}
