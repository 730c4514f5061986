using System.Collections;
using Osprey.Server.Hosting;
using Osprey.Server.Settings;

namespace Osprey.Server.Web;

/// <summary>
/// A change of <c>Devices</c> from the Devices page or the API (issue 11): applied to the settings of
/// the file alone (no arguments, no environment), validated as a whole (nothing is written on a
/// problem), saved atomically, then the effective settings are reloaded and the DICOM listeners
/// restarted with them (<see cref="OspreyNode.RestartAsync"/>).
/// </summary>
public static class DeviceChanges
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>What became of a change.</summary>
    /// <param name="Found">False when the change named a device the file does not have (nothing done).</param>
    /// <param name="Index">The index in <c>Devices</c> of the device changed (its problems have keys <c>Devices:Index:…</c>); -1 after a delete.</param>
    /// <param name="Problems">Validation lines (<c>Key: rule (got …)</c>) or the reason the save or restart failed; empty on success.</param>
    public sealed record Outcome(bool Found, int Index, IReadOnlyList<string> Problems)
    {
        public bool Succeeded => Found && Problems.Count == 0;
    }

    /// <summary>
    /// Loads the file settings, lets <paramref name="change"/> edit them (it returns the index of the
    /// device changed, -1 for a removal, or null when the device it looks for is not there, and may add
    /// problems of its own, such as a port that is not a number), then validates, saves and restarts.
    /// </summary>
    public static async Task<Outcome> ApplyAsync(OspreyNode node, Func<OspreySettings, List<string>, int?> change)
    {
        await OneAtATime.WaitAsync();
        try
        {
            OspreySettings file;
            try
            {
                file = LoadFile(node);
            }
            catch (SettingsException e)
            {
                return new Outcome(true, -1, e.Problems);
            }
            var problems = new List<string>();
            if (change(file, problems) is not { } index)
                return new Outcome(false, -1, []);
            var own = problems.Select(KeyOf).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(SettingsValidator.Validate(file).Where(p => !own.Contains(KeyOf(p))));
            if (problems.Count > 0)
                return new Outcome(true, index, problems);
            try
            {
                SettingsLoader.Save(node.DataDirectory, file);
                var effective = SettingsLoader.Load(node.DataDirectory, node.SettingArgs);
                await node.RestartAsync(effective);
            }
            catch (SettingsException e)
            {
                return new Outcome(true, index, [.. e.Problems]);
            }
            return new Outcome(true, index, []);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    /// <summary>The settings of <c>settings.json</c> alone: no <c>--Section:Key</c> arguments, an empty environment.</summary>
    public static OspreySettings LoadFile(OspreyNode node) => SettingsLoader.Load(node.DataDirectory, [], new Hashtable());

    /// <summary>The index of the device with <paramref name="aeTitle"/> in <paramref name="settings"/> (AE titles compared without surrounding spaces), or -1.</summary>
    public static int IndexOf(OspreySettings settings, string aeTitle) =>
        settings.Devices.FindIndex(d => d != null && d.AeTitle.Trim() == aeTitle.Trim());

    /// <summary>The key of a problem line: what comes before the first <c>": "</c>.</summary>
    public static string KeyOf(string problem)
    {
        var colon = problem.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? problem : problem[..colon];
    }

    /// <summary>The rule of a problem line: what comes after the first <c>": "</c>.</summary>
    public static string RuleOf(string problem)
    {
        var colon = problem.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? problem : problem[(colon + 2)..];
    }
}
