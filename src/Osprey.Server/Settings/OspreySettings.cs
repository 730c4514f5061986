namespace Osprey.Server.Settings;

/// <summary>
/// Every setting of the server, as read from <c>&lt;data&gt;/settings.json</c> (overridden by
/// <c>OSPREY_*</c> environment variables and <c>--Section:Key=value</c> arguments; see
/// <see cref="SettingsLoader"/>). Keys and defaults are those of <c>SETTINGS.md</c>; a property's
/// path in the configuration is its section and name, e.g. <c>Dicom:Timeouts:SendSeconds</c>.
/// </summary>
/// <remarks>
/// A plain mutable model for binding and for the settings page. Code that serves an association
/// reads <see cref="EffectiveSettings"/> from a <see cref="SettingsResolver"/>, never this model.
/// </remarks>
public sealed class OspreySettings
{
    /// <summary>The DICOM listeners and the settings of the DICOM server settings page.</summary>
    public DicomSettings Dicom { get; set; } = new();

    /// <summary>Where and how objects are stored.</summary>
    public StorageSettings Storage { get; set; } = new();

    /// <summary>Which database holds the archive's index.</summary>
    public IndexSettings Index { get; set; } = new();

    /// <summary>The administration web page.</summary>
    public WebSettings Web { get; set; } = new();

    /// <summary>Known remote application entities, each with optional per-device overrides.</summary>
    public List<RemoteDevice> Devices { get; set; } = [];

    /// <summary>Forwarding rules (placeholder shape; see <see cref="ForwardingRule"/>).</summary>
    public List<ForwardingRule> Forwarding { get; set; } = [];
}
