namespace Osprey.Server.Settings;

/// <summary>The values of <c>Dicom:AccessControl</c>.</summary>
public static class AccessControlModes
{
    /// <summary>Any calling AE title may associate (a device's AllowedServices still apply).</summary>
    public const string Open = "open";

    /// <summary>Only the AE titles of <c>Devices</c>, each from its Host when it has one.</summary>
    public const string KnownDevices = "known-devices";

    public static IReadOnlyList<string> All { get; } = [Open, KnownDevices];
}
