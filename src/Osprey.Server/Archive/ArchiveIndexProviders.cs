using Osprey.Server.Settings;

namespace Osprey.Server.Archive;

/// <summary>
/// The index providers by the name <c>Index:Provider</c> gives them: the one place that knows which
/// implementations exist. <c>serve</c>, <c>import</c> and <c>verify</c> open the index through it.
/// </summary>
public static class ArchiveIndexProviders
{
    /// <summary>The factory of the provider the settings name. Throws <see cref="SettingsException"/> for a name that is none.</summary>
    public static IArchiveIndexFactory For(IndexSettings settings) => settings.Provider switch
    {
        IndexSettings.Sqlite => SqliteIndexFactory.Instance,
        _ => throw new SettingsException($"Index:Provider: must be one of {string.Join(", ", IndexSettings.Providers)} (got {SettingsValidator.Quote(settings.Provider)})"),
    };
}
