using Microsoft.AspNetCore.Mvc.RazorPages;
using Osprey.Server.Hosting;

namespace Osprey.Server.Web.Pages;

/// <summary>The status page: version, uptime, listeners, activity and the last errors (<see cref="StatusReport"/>).</summary>
public sealed class StatusModel(OspreyNode node) : PageModel
{
    public StatusReport Report { get; private set; } = null!;

    public void OnGet() => Report = StatusReport.From(node);

    public static string Duration(TimeSpan t) =>
        t.TotalDays >= 1 ? $"{(int)t.TotalDays} d {t.Hours} h" : t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : $"{t.Minutes} min {t.Seconds} s";
}
