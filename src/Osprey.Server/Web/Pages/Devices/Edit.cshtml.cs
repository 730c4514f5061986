using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Osprey.Server.Hosting;
using Osprey.Server.Settings;

namespace Osprey.Server.Web.Pages.Devices;

/// <summary>
/// Adding (no AE title in the path) or editing a remote device (issue 11 point 3): address, TLS,
/// allowed services and the per-device overrides. Saving goes through <see cref="DeviceChanges"/>:
/// problems are shown beside their fields and nothing is written; else the listeners restart.
/// </summary>
public sealed class EditModel(OspreyNode node, ILogger<EditModel> log) : PageModel
{
    [BindProperty(SupportsGet = false)]
    public DeviceInput Device { get; set; } = new();

    [BindProperty(SupportsGet = false)]
    public OverrideInput Override { get; set; } = new();

    /// <summary>The AE title of the device edited; null when adding.</summary>
    [BindProperty(Name = "ae", SupportsGet = true)]
    public string? Ae { get; set; }

    public bool Adding => string.IsNullOrEmpty(Ae);

    /// <summary>Problems by input id; "" for those of no field.</summary>
    public Dictionary<string, List<string>> Errors { get; private set; } = [];

    /// <summary>The server's values, shown where a field is empty (inherited).</summary>
    public Dictionary<string, string> ServerValues => DeviceForm.ServerValues(node.Settings.Dicom);

    public IActionResult OnGet()
    {
        if (Adding) return Page();
        OspreySettings file;
        try
        {
            file = DeviceChanges.LoadFile(node);
        }
        catch (SettingsException e)
        {
            Errors[""] = [.. e.Problems];
            return Page();
        }
        var i = DeviceChanges.IndexOf(file, Ae!);
        if (i < 0) return NotFound();
        Device = DeviceInput.From(file.Devices[i]);
        Override = OverrideInput.From(file.Devices[i].Overrides ?? new());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await DeviceChanges.ApplyAsync(node, (file, problems) =>
        {
            RemoteDevice device;
            int index;
            if (Adding)
            {
                device = new RemoteDevice();
                file.Devices.Add(device);
                index = file.Devices.Count - 1;
            }
            else
            {
                index = DeviceChanges.IndexOf(file, Ae!);
                if (index < 0) return null;
                device = file.Devices[index];
            }
            Device.ApplyTo(device, $"Devices:{index}", problems);
            device.Overrides = Override.ToOverrides($"Devices:{index}:Overrides", problems);
            return index;
        });
        if (!outcome.Found) return NotFound();
        if (!outcome.Succeeded)
        {
            Errors = DeviceForm.ByField(outcome.Problems, outcome.Index);
            return Page();
        }
        var ae = Device.AeTitle.Trim();
        log.LogInformation("web: device \"{Ae}\" {What} by \"{User}\"; DICOM listeners restarted", ae, Adding ? "added" : "changed", User.Identity?.Name);
        return Redirect("/devices?saved=" + Uri.EscapeDataString(ae));
    }

    /// <summary>The errors of input <paramref name="id"/> (none: empty).</summary>
    public IReadOnlyList<string> ErrorsOf(string id) => Errors.TryGetValue(id, out var list) ? list : [];

    /// <summary>" invalid" when input <paramref name="id"/> has an error, for its class.</summary>
    public string Invalid(string id) => Errors.ContainsKey(id) ? "invalid" : "";
}
