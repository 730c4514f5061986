using Osprey.Network.Association;

namespace Osprey.Server.Hosting;

/// <summary>
/// What the node has done since it started, for the status page and <c>/metrics</c>: associations
/// ended, and the last errors (newest first, at most <see cref="MaxErrors"/>); the services'
/// counts and metrics are in <see cref="Counters"/>.
/// </summary>
public sealed class NodeActivity
{
    public const int MaxErrors = 20;

    private readonly Lock _lock = new();
    private readonly LinkedList<(DateTimeOffset At, string What)> _errors = new();
    private long _associations;

    public long Associations => Interlocked.Read(ref _associations);

    public NodeCounters Counters { get; } = new();

    public void AssociationEnded(AssociationSummary summary)
    {
        Interlocked.Increment(ref _associations);
        Counters.Association();
        if (summary.Rejection != null) Error($"association rejected peer={summary.RemoteAddress} calling=\"{summary.CallingAeTitle}\" reason=\"{summary.Rejection}\"");
    }

    public void Error(string what)
    {
        lock (_lock)
        {
            _errors.AddFirst((DateTimeOffset.UtcNow, what));
            while (_errors.Count > MaxErrors) _errors.RemoveLast();
        }
    }

    public IReadOnlyList<(DateTimeOffset At, string What)> LastErrors()
    {
        lock (_lock) return [.. _errors];
    }
}
