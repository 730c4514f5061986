using System.Reflection;
using Osprey.Server.Hosting;

namespace Osprey.Server.Web;

/// <summary>What the status page and <c>GET /api/status</c> show: version, uptime, listeners, activity.</summary>
public sealed record StatusReport(string Version, DateTimeOffset StartedAt, TimeSpan Uptime, IReadOnlyList<StatusReport.ListenerInfo> Listeners, IReadOnlyList<string> AeTitles,
    long AssociationsEnded, IReadOnlyList<StatusReport.ErrorInfo> LastErrors)
{
    public sealed record ListenerInfo(string Key, string Protocol, string Address, int Port);

    public sealed record ErrorInfo(DateTimeOffset At, string What);

    public static string ProgramVersion =>
        typeof(StatusReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    public static StatusReport From(OspreyNode node) => new(
        ProgramVersion,
        node.StartedAt,
        DateTimeOffset.UtcNow - node.StartedAt,
        [.. node.Listeners.Select(l => new ListenerInfo(l.Key, l.Listener.IsTls ? "DICOM over TLS" : "DICOM", node.Settings.Dicom.BindAddress, l.Listener.Port))],
        node.CalledAeTitles(),
        node.Activity.Associations,
        [.. node.Activity.LastErrors().Select(e => new ErrorInfo(e.At, e.What))]);
}
