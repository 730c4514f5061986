using System.Collections;
using Osprey.Server.Hosting;
using Osprey.Server.Settings;

namespace Osprey.Server.Web;

/// <summary>
/// "Save and Restart" (SETTINGS.md) for the settings page and <c>PUT /api/settings</c>: the new file
/// settings are validated and written, the effective settings (file &lt; environment &lt; arguments)
/// reloaded, and the DICOM listeners restarted in the process with them. One save at a time.
/// </summary>
public static class SettingsSaver
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>
    /// How a save ended: <see cref="Problems"/> (nothing written), or written with <see cref="Changes"/>
    /// and either restarted or with <see cref="RestartFailure"/> (the previous listeners run again).
    /// </summary>
    public sealed record Outcome(IReadOnlyList<string> Problems, IReadOnlyList<SettingsChanges.Change> Changes, string? RestartFailure)
    {
        public bool Written => Problems.Count == 0;
        public bool Restarted => Written && RestartFailure is null;
    }

    /// <summary>The settings of <c>settings.json</c> alone (no environment, no arguments): what a save edits.</summary>
    /// <exception cref="SettingsException">The file cannot be read or breaks a rule.</exception>
    public static OspreySettings LoadFile(OspreyNode node) => SettingsLoader.Load(node.DataDirectory, [], new Hashtable());

    /// <summary>The pins of the running process: its <c>--Section:Key</c> arguments and <c>OSPREY_</c> variables.</summary>
    public static SettingsPins Pins(OspreyNode node) => SettingsPins.From(node.SettingArgs);

    /// <summary>Validates <paramref name="after"/>; when it is usable writes it over <paramref name="before"/> and restarts the listeners.</summary>
    public static async Task<Outcome> SaveAndRestartAsync(OspreyNode node, OspreySettings before, OspreySettings after, ILogger log)
    {
        after.Storage.DataDirectory = node.DataDirectory;
        var problems = SettingsValidator.Validate(after);
        if (problems.Count > 0)
            return new Outcome(problems, [], null);
        await OneAtATime.WaitAsync();
        try
        {
            try
            {
                SettingsLoader.Save(node.DataDirectory, after);
            }
            catch (SettingsException e)
            {
                return new Outcome(e.Problems, [], null);
            }
            var changes = SettingsChanges.Between(before, after);
            log.LogInformation("web: settings saved, {Count} changed: {Keys}", changes.Count, string.Join(", ", changes.Select(c => c.Key)));
            try
            {
                var effective = SettingsLoader.Load(node.DataDirectory, node.SettingArgs);
                await node.RestartAsync(effective);
                return new Outcome([], changes, null);
            }
            catch (SettingsException e)
            {
                log.LogWarning("web: the DICOM listeners did not restart with the saved settings: {Problem}", e.Message);
                return new Outcome([], changes, e.Message);
            }
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    /// <summary>"TCP port: 11112 → 11113", with "(takes effect at the next start)" for Web:* and Index:Provider.</summary>
    public static string Describe(SettingsChanges.Change c) =>
        $"{SettingsFields.NameOf(c.Key)}: {c.Before ?? "(none)"} → {c.After ?? "(none)"}" + (c.NeedsProcessRestart ? " (takes effect at the next start)" : "");
}
