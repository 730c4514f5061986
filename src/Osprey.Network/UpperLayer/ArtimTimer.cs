namespace Osprey.Network.UpperLayer;

/// <summary>
/// A timer the machine's loop starts, restarts and stops: ARTIM (PS3.8 §9.1.5), and the requestor's
/// wait for the A-ASSOCIATE-AC or -RJ, both on the Connection timer. Each start is a new generation: an
/// expiry already under way when the timer was stopped or restarted is of an old one, which
/// <see cref="IsCurrent"/> tells. A stopped timer is cancelled, so nothing outlives the association.
/// </summary>
internal sealed class ArtimTimer(TimeProvider time)
{
    private long _generation;
    private CancellationTokenSource? _running;

    public ArtimTimer()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Starts (or restarts) the timer: after <paramref name="timeout"/> (none when null) <paramref name="expired"/> runs with this start's generation.</summary>
    public void Start(TimeSpan? timeout, Action<long> expired)
    {
        long generation = Interlocked.Increment(ref _generation);
        Cancel();
        if (timeout is not { } t) return;
        var running = new CancellationTokenSource();
        _running = running;
        _ = Task.Delay(t, time, running.Token).ContinueWith(task => { if (!task.IsCanceled) expired(generation); }, TaskScheduler.Default);
    }

    public void Stop()
    {
        Interlocked.Increment(ref _generation);
        Cancel();
    }

    /// <summary>Whether an expiry of <paramref name="generation"/> is still the timer's: neither stopped nor restarted since.</summary>
    public bool IsCurrent(long generation) => Volatile.Read(ref _generation) == generation;

    private void Cancel()
    {
        _running?.Cancel();
        _running?.Dispose();
        _running = null;
    }
}
