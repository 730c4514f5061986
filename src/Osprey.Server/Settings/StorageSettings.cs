using System.Text.Json.Serialization;

namespace Osprey.Server.Settings;

/// <summary>Section <c>Storage</c>: where and how objects are stored.</summary>
public sealed class StorageSettings
{
    /// <summary>A new instance replaces the stored one with the same SOP Instance UID.</summary>
    public const string Replace = "replace";

    /// <summary>The stored instance is kept; the new one is acknowledged and dropped.</summary>
    public const string Keep = "keep";

    /// <summary>The new instance is refused.</summary>
    public const string Reject = "reject";

    /// <summary>The values <see cref="DuplicatePolicy"/> may take.</summary>
    public static IReadOnlyList<string> DuplicatePolicies { get; } = [Replace, Keep, Reject];

    /// <summary>
    /// The data directory (settings, storage, index), as a full path. Set by <see cref="SettingsLoader"/>
    /// from the <c>--data</c> option; it is not a setting and is never written to <c>settings.json</c>.
    /// </summary>
    [JsonIgnore]
    public string DataDirectory { get; set; } = "";

    /// <summary>What happens when an instance arrives that is already stored: <c>replace</c>, <c>keep</c> or <c>reject</c>.</summary>
    public string DuplicatePolicy { get; set; } = Replace;
}
