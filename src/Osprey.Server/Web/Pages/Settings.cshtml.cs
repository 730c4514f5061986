using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Osprey.Server.Hosting;
using Osprey.Server.Settings;

namespace Osprey.Server.Web.Pages;

/// <summary>
/// The "DICOM server settings" page (reference/dicom-server-settings.txt, SETTINGS.md): every setting
/// with the page's description, and "Save and Restart" (<see cref="SettingsSaver"/>). A key pinned by
/// an <c>OSPREY_</c> variable or a <c>--Section:Key</c> argument is shown read-only and not taken from the form.
/// </summary>
public sealed class SettingsModel(OspreyNode node, ILogger<SettingsModel> log) : PageModel
{
    /// <summary>The value shown in each row, by key.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The problems of each row, by key.</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Problems of keys that are not rows of the page.</summary>
    public List<string> OtherProblems { get; } = [];

    public SettingsPins Pins { get; private set; } = null!;

    /// <summary>The outcome of "Save and Restart", when the form was posted.</summary>
    public SettingsSaver.Outcome? Outcome { get; private set; }

    /// <summary>Why <c>settings.json</c> could not be read, when it could not.</summary>
    public string? FileProblem { get; private set; }

    /// <summary>The machine's IP addresses (System.Net.NetworkInformation), for the read-only IP address row.</summary>
    public IReadOnlyList<string> MachineAddresses { get; } = Addresses();

    public void OnGet()
    {
        Pins = SettingsSaver.Pins(node);
        var file = LoadFileOrNull() ?? node.Settings;
        foreach (var f in SettingsFields.All)
            Values[f.Key] = f.Get(Pins.IsPinned(f.Key) ? node.Settings : file);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Pins = SettingsSaver.Pins(node);
        if (LoadFileOrNull() is not { } before)
        {
            foreach (var f in SettingsFields.All) Values[f.Key] = f.Get(node.Settings);
            return Page();
        }
        var after = SettingsLoader.FromJson(System.Text.Encoding.UTF8.GetBytes(SettingsLoader.ToJson(before)));
        var parseProblems = new List<string>();
        foreach (var f in SettingsFields.All)
        {
            if (f.Kind == SettingsFields.Kind.ReadOnly || Pins.IsPinned(f.Key))
            {
                Values[f.Key] = f.Get(Pins.IsPinned(f.Key) ? node.Settings : before);
                continue;
            }
            var text = f.Kind == SettingsFields.Kind.Check ? (Request.Form[f.Key] == "true" ? "true" : "false") : Request.Form[f.Key].ToString();
            Values[f.Key] = text;
            if (f.Set(after, text) is { } problem) parseProblems.Add(problem);
        }
        if (parseProblems.Count > 0)
        {
            Show(parseProblems);
            return Page();
        }
        Outcome = await SettingsSaver.SaveAndRestartAsync(node, before, after, log);
        Show(Outcome.Problems);
        if (Outcome.RestartFailure is { } failure) Show([failure]);
        return Page();
    }

    /// <summary>The class of a row's input: <c>invalid</c> when it has a problem.</summary>
    public string InputClass(string key) => Errors.ContainsKey(key) ? "invalid" : "";

    private void Show(IEnumerable<string> problems)
    {
        foreach (var line in problems)
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var key = colon < 0 ? "" : line[..colon];
            if (SettingsFields.All.Any(f => f.Key.Equals(key, StringComparison.OrdinalIgnoreCase)))
            {
                if (!Errors.TryGetValue(key, out var list)) Errors[key] = list = [];
                list.Add(line[(colon + 2)..]);
            }
            else
            {
                OtherProblems.Add(line);
            }
        }
    }

    private OspreySettings? LoadFileOrNull()
    {
        try
        {
            return SettingsSaver.LoadFile(node);
        }
        catch (SettingsException e)
        {
            FileProblem = e.Message;
            return null;
        }
    }

    private static List<string> Addresses()
    {
        try
        {
            return [.. NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address.ToString())
                .Distinct()];
        }
        catch (NetworkInformationException)
        {
            return [];
        }
    }
}
