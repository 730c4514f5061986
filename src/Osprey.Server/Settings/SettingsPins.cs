using System.Collections;

namespace Osprey.Server.Settings;

/// <summary>
/// The keys pinned over <c>settings.json</c> (SETTINGS.md: the file &lt; <c>OSPREY_Section__Key</c>
/// environment variables &lt; <c>--Section:Key=value</c> arguments), found with the key rules of
/// <see cref="SettingsLoader"/>, each with where it comes from. Keys ignore case.
/// </summary>
public sealed class SettingsPins
{
    private readonly Dictionary<string, string> _sources;

    private SettingsPins(Dictionary<string, string> sources) => _sources = sources;

    /// <summary>
    /// The pins of <paramref name="args"/> and <paramref name="environment"/> (the process's when null);
    /// an argument wins over a variable of the same key, as it does when loading.
    /// </summary>
    public static SettingsPins From(string[] args, IDictionary? environment = null)
    {
        var sources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in SettingsLoader.FromEnvironment(environment ?? Environment.GetEnvironmentVariables()).Keys)
            sources[key] = "the environment variable " + SettingsLoader.EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal);
        var items = SettingsLoader.SettingArguments(args);
        for (var i = 0; i < items.Count; i++)
        {
            var arg = items[i];
            var equals = arg.IndexOf('=');
            var key = equals < 0 ? arg[2..] : arg[2..equals];
            var value = equals < 0 ? items[++i] : arg[(equals + 1)..];
            sources[key] = "the argument --" + key + "=" + (SettingsChanges.IsSecret(key) ? "(hidden)" : value);
        }
        return new SettingsPins(sources);
    }

    /// <summary>The pinned keys, as written where they come from.</summary>
    public IReadOnlyCollection<string> Keys => _sources.Keys;

    /// <summary>
    /// Where <paramref name="key"/> is pinned ("the argument --Dicom:TcpPort=104", "the environment
    /// variable OSPREY_Dicom__TcpPort"), or null; a pinned section (e.g. <c>Dicom:Tls</c>) pins its keys.
    /// </summary>
    public string? SourceOf(string key)
    {
        if (_sources.TryGetValue(key, out var source))
            return source;
        foreach (var (pinned, from) in _sources)
        {
            if (key.StartsWith(pinned + ":", StringComparison.OrdinalIgnoreCase))
                return from;
        }
        return null;
    }

    /// <summary>Whether <paramref name="key"/> is pinned.</summary>
    public bool IsPinned(string key) => SourceOf(key) != null;
}
