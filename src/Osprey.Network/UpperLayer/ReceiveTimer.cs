namespace Osprey.Network.UpperLayer;

/// <summary>
/// The receive timer: each PDU must arrive within <c>period</c> (none when it gives null), but the timer
/// runs only while this side waits for the peer. While the loop is busy with an event, or the local user
/// holds it for an operation the peer waits on (a request handled off the loop: storing an instance,
/// running a retrieve), the peer is waiting for us, not we for it. Every change restarts it in full.
/// </summary>
internal sealed class ReceiveTimer(Func<TimeSpan?> period, TimeProvider time)
{
    private readonly Lock _lock = new();
    private CancellationTokenSource? _reading;
    private bool _busy;
    private int _holds;

    public ReceiveTimer(Func<TimeSpan?> period)
        : this(period, TimeProvider.System)
    {
    }

    /// <summary>The loop is busy with an event (true) or waits for the next (false).</summary>
    public void Busy(bool busy)
    {
        lock (_lock)
        {
            _busy = busy;
            Arm();
        }
    }

    /// <summary>Pauses the timer; holds nest, and each is ended by <see cref="Release"/>, the last of which restarts it.</summary>
    public void Hold()
    {
        lock (_lock)
        {
            _holds++;
            Arm();
        }
    }

    /// <summary>Ends one <see cref="Hold"/>.</summary>
    public void Release()
    {
        lock (_lock)
        {
            if (_holds > 0) _holds--;
            Arm();
        }
    }

    /// <summary>Starts the timer for the read of one PDU; its token is cancelled when the timer runs out.</summary>
    public Deadline Start()
    {
        lock (_lock)
        {
            _reading = time == TimeProvider.System ? new CancellationTokenSource() : new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            Arm();
            return new Deadline(this, _reading);
        }
    }

    private void Arm()
    {
        if (_reading == null || _reading.IsCancellationRequested) return;
        _reading.CancelAfter(_busy || _holds > 0 || period() is not { } t ? Timeout.InfiniteTimeSpan : t);
    }

    /// <summary>The timer of one PDU's read; disposing it detaches it from the timer first.</summary>
    public readonly struct Deadline(ReceiveTimer timer, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        /// <summary>Whether the timer ran out during this read.</summary>
        public bool Expired => source.IsCancellationRequested;

        public void Dispose()
        {
            lock (timer._lock)
            {
                if (timer._reading == source) timer._reading = null;
            }
            source.Dispose();
        }
    }
}
