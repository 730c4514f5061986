namespace Osprey.Server.Settings;

/// <summary>
/// An entry of <c>Devices</c>: a remote application entity Osprey talks to, in either direction, with
/// optional overrides of the per-device settings. Devices are told apart by AE title (unique).
/// </summary>
public sealed class RemoteDevice
{
    /// <summary>The device's AE title (1 to 16 characters; unique among devices).</summary>
    public string AeTitle { get; set; } = "";

    /// <summary>Host name or IP address Osprey connects to.</summary>
    public string Host { get; set; } = "";

    /// <summary>Port Osprey connects to (1 to 65535; no default).</summary>
    public int Port { get; set; }

    /// <summary>
    /// Connect to the device with DICOM over TLS (PS3.15 Annex B). Its certificate must be signed by
    /// <c>Dicom:Tls:TrustedCertificates</c> (or the system's roots) and name <see cref="Host"/>.
    /// </summary>
    public bool Tls { get; set; }

    /// <summary>Our certificate file presented to this device over TLS; empty: <c>Dicom:Tls:Certificate</c>, if set.</summary>
    public string TlsCertificate { get; set; } = "";

    /// <summary>The key of <see cref="TlsCertificate"/>, when it is a separate PEM file.</summary>
    public string TlsPrivateKey { get; set; } = "";

    /// <summary>Check that the device's certificate names <see cref="Host"/>; turn off only for a device whose certificate cannot.</summary>
    public bool TlsVerifyHostName { get; set; } = true;

    /// <summary>
    /// Services the device may use, from <see cref="DeviceServices.All"/> (<c>echo</c>, <c>store</c>,
    /// <c>find</c>, <c>move</c>, <c>get</c>, or <c>query</c> = find, <c>retrieve</c> = move + get); empty:
    /// all of them. Enforced at negotiation: the contexts of other services are rejected.
    /// </summary>
    public List<string> AllowedServices { get; set; } = [];

    /// <summary>Per-device settings; a null member means "use the server's value".</summary>
    public DeviceOverrides Overrides { get; set; } = new();

    /// <summary>Whether the device may use <paramref name="service"/> (one of <see cref="DeviceServices.All"/>).</summary>
    public bool Allows(string service) =>
        AllowedServices.Count == 0 || AllowedServices.Any(s => s != null && DeviceServices.Covers(s, service));
}
