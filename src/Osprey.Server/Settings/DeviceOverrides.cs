namespace Osprey.Server.Settings;

/// <summary>
/// <c>Devices[n]:Overrides</c>: the per-device keys of <c>SETTINGS.md</c>, with the names and rules of
/// <see cref="DicomSettings"/>. A null member (absent from <c>settings.json</c>) means "use the server's
/// value"; <see cref="SettingsResolver"/> does the merge.
/// </summary>
public sealed class DeviceOverrides
{
    /// <inheritdoc cref="DicomSettings.PreferredTransferSyntax"/>
    public string? PreferredTransferSyntax { get; set; }

    /// <inheritdoc cref="DicomSettings.MaxPduSize"/>
    public int? MaxPduSize { get; set; }

    /// <inheritdoc cref="DicomSettings.Timeouts"/>
    public TimeoutOverrides Timeouts { get; set; } = new();

    /// <inheritdoc cref="DicomSettings.StorescuFlags"/>
    /// <remarks>An empty string is an override too: no flags for this device.</remarks>
    public string? StorescuFlags { get; set; }

    /// <inheritdoc cref="DicomSettings.CaseSensitiveQueries"/>
    public bool? CaseSensitiveQueries { get; set; }

    /// <inheritdoc cref="DicomSettings.EmptyMatching"/>
    public bool? EmptyMatching { get; set; }

    /// <inheritdoc cref="DicomSettings.QueryRetrieveLimit"/>
    public int? QueryRetrieveLimit { get; set; }

    /// <inheritdoc cref="DicomSettings.RemovePrivateTags"/>
    public bool? RemovePrivateTags { get; set; }

    /// <inheritdoc cref="DicomSettings.SendUpdates"/>
    public bool? SendUpdates { get; set; }

    /// <inheritdoc cref="DicomSettings.AssociationHeartbeat"/>
    public bool? AssociationHeartbeat { get; set; }
}
