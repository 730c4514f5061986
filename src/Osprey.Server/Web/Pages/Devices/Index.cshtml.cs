using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Osprey.Server.Devices;
using Osprey.Server.Hosting;
using Osprey.Server.Settings;

namespace Osprey.Server.Web.Pages.Devices;

/// <summary>
/// The Devices page (issue 11 point 3): the remote AEs in force with their overrides, Edit, Delete,
/// and Verify (a C-ECHO with the device's settings, <see cref="DeviceVerifier"/>) whose result is shown next to the device.
/// </summary>
public sealed class IndexModel(OspreyNode node, ILogger<IndexModel> log) : PageModel
{
    public IReadOnlyList<RemoteDevice> Devices => node.Settings.Devices;

    /// <summary>The AE title a Verify was for, and its result.</summary>
    public (string Ae, DeviceVerifier.Result Result)? Verified { get; private set; }

    /// <summary>The notice at the top (saved, deleted, or why not), and whether it is good news.</summary>
    public (string Text, bool Ok)? Notice { get; private set; }

    public void OnGet(string? saved, string? deleted)
    {
        if (!string.IsNullOrEmpty(saved)) Notice = ($"Device {saved} saved; the DICOM listeners were restarted with it.", true);
        else if (!string.IsNullOrEmpty(deleted)) Notice = ($"Device {deleted} deleted; the DICOM listeners were restarted without it.", true);
    }

    public async Task<IActionResult> OnPostVerifyAsync(string ae)
    {
        var result = await DeviceVerifier.VerifyAsync(node.Settings, ae ?? "");
        if (result == null) return NotFound();
        log.LogInformation("web: verify device \"{Ae}\": {Outcome}", ae, result.Success ? $"success {result.Milliseconds} ms" : result.Error);
        Verified = (ae!.Trim(), result);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string ae)
    {
        var outcome = await DeviceChanges.ApplyAsync(node, (file, _) =>
        {
            var i = DeviceChanges.IndexOf(file, ae ?? "");
            if (i < 0) return null;
            file.Devices.RemoveAt(i);
            return -1;
        });
        if (!outcome.Found) return NotFound();
        if (!outcome.Succeeded)
        {
            Notice = ($"Device {ae} was not deleted: " + string.Join("; ", outcome.Problems), false);
            return Page();
        }
        log.LogInformation("web: device \"{Ae}\" deleted by \"{User}\"; DICOM listeners restarted", ae, User.Identity?.Name);
        return Redirect("/devices?deleted=" + Uri.EscapeDataString(ae!.Trim()));
    }

    /// <summary>The allowed services as the list shows them.</summary>
    public static string Services(RemoteDevice d) => d.AllowedServices.Count == 0 ? "all" : string.Join(", ", d.AllowedServices);
}
