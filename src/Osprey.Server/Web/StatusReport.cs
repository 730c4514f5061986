using System.Reflection;
using Osprey.Server.Hosting;

namespace Osprey.Server.Web;

/// <summary>
/// What the status page and <c>GET /api/status</c> show (issue 11, point 4): version, uptime,
/// listeners, the associations open now, the services' counts today (UTC) and since the start, the
/// storage used and free, and the last errors.
/// </summary>
public sealed record StatusReport(string Version, DateTimeOffset StartedAt, TimeSpan Uptime, IReadOnlyList<StatusReport.ListenerInfo> Listeners, IReadOnlyList<string> AeTitles,
    long AssociationsEnded, IReadOnlyList<StatusReport.ErrorInfo> LastErrors)
{
    public sealed record ListenerInfo(string Key, string Protocol, string Address, int Port);

    public sealed record ErrorInfo(DateTimeOffset At, string What);

    public sealed record AssociationInfo(string Peer, string CallingAeTitle, string CalledAeTitle, DateTimeOffset Since, long BytesReceived, long BytesSent, string? Tls);

    public sealed record Count(long Today, long SinceStart);

    /// <summary>The instances indexed, and the size, used and free space of the storage directory's filesystem (<see cref="DriveInfo"/>; null when it cannot be read).</summary>
    public sealed record StorageInfo(string Directory, long Instances, long? TotalBytes, long? UsedBytes, long? FreeBytes);

    public IReadOnlyList<AssociationInfo> OpenAssociations { get; init; } = [];

    public Count InstancesReceived { get; init; } = new(0, 0);

    public Count Queries { get; init; } = new(0, 0);

    public Count Retrieves { get; init; } = new(0, 0);

    public StorageInfo? Storage { get; init; }

    public static string ProgramVersion =>
        typeof(StatusReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    public static async Task<StatusReport> FromAsync(OspreyNode node, CancellationToken cancellationToken = default)
    {
        var counters = node.Activity.Counters;
        return new StatusReport(
            ProgramVersion,
            node.StartedAt,
            DateTimeOffset.UtcNow - node.StartedAt,
            [.. node.Listeners.Select(l => new ListenerInfo(l.Key, l.Listener.IsTls ? "DICOM over TLS" : "DICOM", node.Settings.Dicom.BindAddress, l.Listener.Port))],
            node.CalledAeTitles(),
            node.Activity.Associations,
            [.. node.Activity.LastErrors().Select(e => new ErrorInfo(e.At, e.What))])
        {
            OpenAssociations = [.. node.OpenAssociations().Select(a => new AssociationInfo(a.RemoteAddress, a.CallingAeTitle, a.CalledAeTitle, a.Since, a.BytesReceived, a.BytesSent, a.Tls))],
            InstancesReceived = Of(counters.InstancesStored),
            Queries = Of(counters.Queries),
            Retrieves = Of(counters.Retrieves),
            Storage = await StorageOfAsync(node, cancellationToken),
        };
    }

    private static Count Of((long Today, long Total) c) => new(c.Today, c.Total);

    private static async Task<StorageInfo> StorageOfAsync(OspreyNode node, CancellationToken cancellationToken)
    {
        var root = node.Blobs.Root;
        long instances = await node.Index.CountInstancesAsync(cancellationToken);
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(root));
            return new StorageInfo(root, instances, drive.TotalSize, drive.TotalSize - drive.TotalFreeSpace, drive.AvailableFreeSpace);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new StorageInfo(root, instances, null, null, null);
        }
    }
}
