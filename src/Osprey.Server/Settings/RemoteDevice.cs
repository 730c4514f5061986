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

    /// <summary>Connect to the device with DICOM over TLS.</summary>
    public bool UseTls { get; set; }

    /// <summary>
    /// Services the device may use, from <see cref="DeviceServices.All"/> (<c>echo</c>, <c>store</c>,
    /// <c>find</c>, <c>move</c>, <c>get</c>); empty: all of them.
    /// </summary>
    public List<string> AllowedServices { get; set; } = [];

    /// <summary>Per-device settings; a null member means "use the server's value".</summary>
    public DeviceOverrides Overrides { get; set; } = new();

    /// <summary>Whether the device may use <paramref name="service"/> (one of <see cref="DeviceServices.All"/>).</summary>
    public bool Allows(string service) =>
        AllowedServices.Count == 0 || AllowedServices.Any(s => string.Equals(s, service, StringComparison.OrdinalIgnoreCase));
}
