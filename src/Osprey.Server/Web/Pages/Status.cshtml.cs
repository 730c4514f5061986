using Microsoft.AspNetCore.Mvc.RazorPages;
using Osprey.Server.Hosting;

namespace Osprey.Server.Web.Pages;

/// <summary>The status page: version, uptime, listeners, open associations, activity, storage and the last errors (<see cref="StatusReport"/>).</summary>
public sealed class StatusModel(OspreyNode node) : PageModel
{
    public StatusReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Report = await StatusReport.FromAsync(node, cancellationToken);

    /// <summary>A byte count in binary units (KiB, MiB, …).</summary>
    public static string Bytes(long? n)
    {
        if (n is not { } b) return "?";
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.Length - 1)
        {
            v /= 1024;
            u++;
        }
        return u == 0 ? $"{b} B" : $"{v:0.0} {units[u]}";
    }

    public static string Duration(TimeSpan t) =>
        t.TotalDays >= 1 ? $"{(int)t.TotalDays} d {t.Hours} h" : t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes} min" : $"{t.Minutes} min {t.Seconds} s";
}
