using System.Buffers;
using System.Threading.Channels;
using Osprey.Network.Pdu;

namespace Osprey.Network.UpperLayer;

/// <summary>
/// One association's DICOM upper layer protocol machine (PS3.8 §9.2): the state, the ARTIM timer and
/// the transport connection, driven by one loop that takes events in order — PDUs from the reader,
/// primitives from the local user, timer expiries — and runs the action that
/// <see cref="StateTable"/> names for each. No locks guard the state: only the loop changes it.
/// </summary>
public sealed class UpperLayerMachine
{
    private sealed class Work(Event evt, object? payload = null, TaskCompletionSource? done = null, byte[]? rented = null, long timerGeneration = 0)
    {
        public Event Event { get; } = evt;
        public object? Payload { get; } = payload;
        public TaskCompletionSource? Done { get; } = done;
        public byte[]? Rented { get; } = rented;
        public long TimerGeneration { get; } = timerGeneration;
    }

    /// <summary>Why the machine itself aborts: the A-ABORT it sends for a local or protocol cause.</summary>
    private sealed record AbortCause(AbortSource Source, byte Reason, AssociationOutcome Outcome);

    private static readonly AsyncLocal<UpperLayerMachine?> CurrentLoop = new();

    private readonly Channel<Work> _events = Channel.CreateBounded<Work>(new BoundedChannelOptions(4) { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly IUpperLayerUser _user;
    private UpperLayerOptions _options;
    private readonly Func<CancellationToken, Task<Stream>>? _connect;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Stream? _transport;
    private long _artimGeneration;
    private long _connectGeneration;
    private AssociateRq? _pendingRequest;
    private volatile State _state = State.Sta1;

    /// <summary>An acceptor's machine over a transport connection that has just been accepted (Evt5 follows).</summary>
    public static UpperLayerMachine ForAcceptor(Stream transport, IUpperLayerUser user, UpperLayerOptions options)
        => new(user, options, isRequestor: false, transport, connect: null);

    /// <summary>A requestor's machine that opens its transport connection with <paramref name="connect"/> on A-ASSOCIATE request.</summary>
    public static UpperLayerMachine ForRequestor(Func<CancellationToken, Task<Stream>> connect, IUpperLayerUser user, UpperLayerOptions options)
        => new(user, options, isRequestor: true, transport: null, connect);

    private UpperLayerMachine(IUpperLayerUser user, UpperLayerOptions options, bool isRequestor, Stream? transport, Func<CancellationToken, Task<Stream>>? connect)
    {
        _user = user;
        _options = options;
        IsRequestor = isRequestor;
        _transport = transport;
        _connect = connect;
        _ = Task.Run(LoopAsync);
    }

    public bool IsRequestor { get; }

    public State State => _state;

    /// <summary>Completes when the machine is back in Sta1 with its transport connection closed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>
    /// The timers and limits in force. The acceptor may replace them once it knows who is calling
    /// (a remote device's overrides apply to its associations).
    /// </summary>
    public UpperLayerOptions Options
    {
        get => _options;
        set => _options = value;
    }

    /// <summary>The peer's Maximum Length, set by the association once negotiated (0 = unlimited).</summary>
    public uint PeerMaxPduLength { get; set; }

    /// <summary>Observer of every transition: state, event, action (null for an empty cell), next state.</summary>
    public System.Action<State, Event, ProtocolAction?, State>? Transition { get; set; }

    /// <summary>How the association ended: release, reject, abort and by whom, timeout, transport failure.</summary>
    public AssociationOutcome Outcome { get; private set; } = new AssociationOutcome.Open();

    // ---- local primitives (any thread) ----

    /// <summary>Evt5: the acceptor's transport connection is open.</summary>
    public ValueTask StartAcceptorAsync() => PostAsync(Event.Evt5);

    /// <summary>Evt1: A-ASSOCIATE request. Completes when the request has been sent (the confirmation comes to the user).</summary>
    public ValueTask AssociateAsync(AssociateRq request) => PostAsync(Event.Evt1, request);

    /// <summary>Evt9: P-DATA request with the bytes of a complete P-DATA-TF PDU. Completes once written.</summary>
    public ValueTask SendPDataAsync(ReadOnlyMemory<byte> pdataTf) => PostAsync(Event.Evt9, pdataTf);

    /// <summary>Evt11: A-RELEASE request.</summary>
    public ValueTask ReleaseAsync() => PostAsync(Event.Evt11);

    /// <summary>Evt14: A-RELEASE response.</summary>
    public ValueTask ReleaseResponseAsync() => PostAsync(Event.Evt14);

    /// <summary>Evt15: A-ABORT request.</summary>
    public ValueTask AbortAsync() => PostAsync(Event.Evt15, LocalUserAbort);

    /// <summary>
    /// Starts <paramref name="work"/> on the thread pool outside the loop's logical flow. Work started
    /// from inside an indication would otherwise inherit the loop's identity and run its primitives
    /// inline, beside the loop; started here, its primitives are events in the channel, taken in order
    /// with the network's (and run at once on the calling thread when the loop is idle).
    /// </summary>
    public static Task RunDetached(Func<Task> work)
    {
        using (ExecutionContext.SuppressFlow()) return Task.Run(work);
    }

    private async ValueTask PostAsync(Event evt, object? payload = null)
    {
        if (CurrentLoop.Value == this)
        {
            // A primitive issued from inside an indication runs at once, in order, on the loop itself.
            await HandleAsync(new Work(evt, payload));
            return;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_events.Writer.TryWrite(new Work(evt, payload, done)))
        {
            try
            {
                await _events.Writer.WriteAsync(new Work(evt, payload, done));
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException($"the association is closed ({Outcome})");
            }
        }
        await done.Task;
    }

    // ---- the loop ----

    private async Task LoopAsync()
    {
        CurrentLoop.Value = this;
        try
        {
            await foreach (var work in _events.Reader.ReadAllAsync())
            {
                try
                {
                    Busy(true);
                    await HandleAsync(work);
                    work.Done?.TrySetResult();
                }
                catch (Exception e)
                {
                    if (work.Done != null)
                    {
                        work.Done.TrySetException(e);
                    }
                    else if (_state != State.Sta1)
                    {
                        // A failure while acting on a PDU or timer (a write to a broken connection,
                        // a service that threw): the association cannot go on.
                        if (e is not PduSendException) Outcome = new AssociationOutcome.Failed(e);
                        _state = State.Sta1;
                        Close();
                    }
                }
                finally
                {
                    if (work.Rented != null) ArrayPool<byte>.Shared.Return(work.Rented);
                    Busy(false);
                }
            }
        }
        finally
        {
            _events.Writer.TryComplete();
            while (_events.Reader.TryRead(out var left))
            {
                left.Done?.TrySetException(new InvalidOperationException($"the association is closed ({Outcome})"));
                if (left.Rented != null) ArrayPool<byte>.Shared.Return(left.Rented);
            }
            _closed.TrySetResult();
        }
    }

    private async Task HandleAsync(Work work)
    {
        var state = _state;
        if (work.Event == Event.Evt18 && work.TimerGeneration != Volatile.Read(ref _artimGeneration)) return; // a stopped timer
        var action = StateTable.Lookup(state, work.Event);
        if (action == null)
        {
            Transition?.Invoke(state, work.Event, null, state);
            if (work.Event is Event.Evt1 or Event.Evt7 or Event.Evt8 or Event.Evt9 or Event.Evt11 or Event.Evt14 or Event.Evt15)
                throw new InvalidOperationException($"{Describe(work.Event)} is not allowed in {state} ({Outcome})");
            return; // a late timer or reader event after the connection is gone
        }
        // The next state is the table's (Tables 9-6 to 9-9), entered before the action's side effects run:
        // a primitive the user issues from inside an indication then meets the right state.
        bool acceptable = action != ProtocolAction.AE6 || ProviderRejection((AssociateRq)work.Payload!) == null;
        var next = StateTable.NextState(action.Value, acceptable, IsRequestor);
        Transition?.Invoke(state, work.Event, action, next);
        _state = next;
        await ExecuteAsync(action.Value, work);
    }

    private async Task ExecuteAsync(ProtocolAction action, Work work)
    {
        switch (action)
        {
            case ProtocolAction.AE1:
                {
                    _pendingRequest = (AssociateRq)work.Payload!;
                    Stream transport;
                    try
                    {
                        using var timeout = Timeout(_options.ConnectionTimeout);
                        transport = await _connect!(timeout.Token);
                    }
                    catch (Exception e)
                    {
                        Outcome = new AssociationOutcome.TransportFailure(TransportFailureKind.ConnectFailed, e);
                        _pendingRequest = null;
                        _state = State.Sta1;
                        _user.OnAbortIndication(AbortSource.ServiceProvider, AbortReason.NotSpecified);
                        Close();
                        return;
                    }
                    _transport = transport;
                    await HandleAsync(new Work(Event.Evt2));
                    return;
                }
            case ProtocolAction.AE2:
                await WriteAsync(PduWriter.Write(_pendingRequest!));
                _pendingRequest = null;
                StartReader();
                StartConnectTimer();
                return;
            case ProtocolAction.AE3:
                StopConnectTimer();
                _user.OnAssociateConfirmation((Pdu.Pdu)work.Payload!);
                return;
            case ProtocolAction.AE4:
                {
                    StopConnectTimer();
                    var rejection = (AssociateRj)work.Payload!;
                    Outcome = new AssociationOutcome.Rejected(ByPeer: true, rejection.Result, rejection.Source, rejection.Reason);
                    _user.OnAssociateConfirmation(rejection);
                    Close();
                    return;
                }
            case ProtocolAction.AE5:
                StartArtim();
                StartReader();
                return;
            case ProtocolAction.AE6:
                {
                    StopArtim();
                    var request = (AssociateRq)work.Payload!;
                    if (ProviderRejection(request) is { } rejection)
                    {
                        Outcome = new AssociationOutcome.Rejected(ByPeer: false, rejection.Result, rejection.Source, rejection.Reason);
                        await WriteAsync(PduWriter.Write(rejection));
                        StartArtim();
                        return;
                    }
                    var response = _user.OnAssociateIndication(request);
                    await HandleAsync(new Work(response is AssociateAc ? Event.Evt7 : Event.Evt8, response));
                    return;
                }
            case ProtocolAction.AE7:
                await WriteAsync(PduWriter.Write((AssociateAc)work.Payload!));
                return;
            case ProtocolAction.AE8:
                {
                    var rejection = (AssociateRj)work.Payload!;
                    Outcome = new AssociationOutcome.Rejected(ByPeer: false, rejection.Result, rejection.Source, rejection.Reason);
                    await WriteAsync(PduWriter.Write(rejection));
                    StartArtim();
                    return;
                }
            case ProtocolAction.DT1:
                await WriteAsync((ReadOnlyMemory<byte>)work.Payload!);
                return;
            case ProtocolAction.DT2:
                await _user.OnDataIndicationAsync((PDataTf)work.Payload!);
                return;
            case ProtocolAction.AR1:
                await WriteAsync(PduWriter.Write(new ReleaseRq()));
                return;
            case ProtocolAction.AR2:
                _user.OnReleaseIndication();
                return;
            case ProtocolAction.AR3:
                Outcome = new AssociationOutcome.Released();
                _user.OnReleaseConfirmation();
                Close();
                return;
            case ProtocolAction.AR4:
                Outcome = new AssociationOutcome.Released();
                await WriteAsync(PduWriter.Write(new ReleaseRp()));
                StartArtim();
                return;
            case ProtocolAction.AR5:
                StopArtim();
                Close();
                return;
            case ProtocolAction.AR6:
                await _user.OnDataIndicationAsync((PDataTf)work.Payload!);
                return;
            case ProtocolAction.AR7:
                await WriteAsync((ReadOnlyMemory<byte>)work.Payload!);
                return;
            case ProtocolAction.AR8:
                _user.OnReleaseIndication();
                return;
            case ProtocolAction.AR9:
                await WriteAsync(PduWriter.Write(new ReleaseRp()));
                return;
            case ProtocolAction.AR10:
                _user.OnReleaseConfirmation();
                return;
            case ProtocolAction.AA1:
                {
                    var cause = work.Payload as AbortCause ?? ProtocolAbort(work);
                    Outcome = cause.Outcome;
                    await TryWriteAsync(PduWriter.Write(new Abort(cause.Source, cause.Reason)));
                    StartArtim();
                    return;
                }
            case ProtocolAction.AA2:
                StopArtim();
                if (Outcome is AssociationOutcome.Open)
                {
                    Outcome = work.Payload switch
                    {
                        Abort abort => PeerAbort(abort, "aborted by peer"),
                        AbortCause cause => cause.Outcome,
                        _ => new AssociationOutcome.TimedOut(UpperLayerTimer.Artim),
                    };
                }
                Close();
                return;
            case ProtocolAction.AA3:
                {
                    var abort = (Abort)work.Payload!;
                    Outcome = PeerAbort(abort, $"aborted by peer ({(abort.Source == AbortSource.ServiceUser ? "service user" : "service provider")}, reason {abort.Reason})");
                    _user.OnAbortIndication(abort.Source, abort.Reason);
                    Close();
                    return;
                }
            case ProtocolAction.AA4:
                if (Outcome is AssociationOutcome.Open) Outcome = new AssociationOutcome.TransportFailure(TransportFailureKind.ClosedByPeer);
                _user.OnAbortIndication(AbortSource.ServiceProvider, AbortReason.NotSpecified);
                Close();
                return;
            case ProtocolAction.AA5:
                StopArtim();
                Outcome = new AssociationOutcome.TransportFailure(TransportFailureKind.ClosedBeforeAssociationRequest);
                Close();
                return;
            case ProtocolAction.AA6:
                return;
            case ProtocolAction.AA7:
                {
                    var cause = ProtocolAbort(work);
                    await TryWriteAsync(PduWriter.Write(new Abort(cause.Source, cause.Reason)));
                    return;
                }
            case ProtocolAction.AA8:
                {
                    var cause = ProtocolAbort(work);
                    Outcome = cause.Outcome;
                    await TryWriteAsync(PduWriter.Write(new Abort(AbortSource.ServiceProvider, cause.Reason)));
                    _user.OnAbortIndication(AbortSource.ServiceProvider, cause.Reason);
                    StartArtim();
                    return;
                }
        }
    }

    /// <summary>The service provider's own checks of an A-ASSOCIATE-RQ (AE-6): the protocol version.</summary>
    private static AssociateRj? ProviderRejection(AssociateRq request)
        => (request.ProtocolVersion & 1) == 0
            ? new AssociateRj(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceProviderAcse, AssociateRjReason.ProviderAcseProtocolVersionNotSupported)
            : null;

    private static readonly AbortCause LocalUserAbort = new(AbortSource.ServiceUser, AbortReason.NotSpecified,
        new AssociationOutcome.Aborted(AbortInitiator.LocalUser, AbortSource.ServiceUser, AbortReason.NotSpecified, "aborted by local user"));

    /// <summary>The A-ABORT for an event that is a protocol error here: unexpected or unrecognized PDU.</summary>
    private static AbortCause ProtocolAbort(Work work) => work.Event switch
    {
        Event.Evt19 when work.Payload is PduFormatException e => ProviderAbort(e.AbortReason, $"invalid PDU: {e.Message}"),
        Event.Evt19 => ProviderAbort(AbortReason.UnrecognizedPdu, "unrecognized PDU"),
        Event.Evt15 => work.Payload as AbortCause ?? LocalUserAbort,
        _ => ProviderAbort(AbortReason.UnexpectedPdu, $"unexpected {Describe(work.Event)}"),
    };

    /// <summary>An A-ABORT this side's service provider sends for a protocol error of the peer's.</summary>
    private static AbortCause ProviderAbort(byte reason, string why)
        => new(AbortSource.ServiceProvider, reason, new AssociationOutcome.Aborted(AbortInitiator.LocalServiceProvider, AbortSource.ServiceProvider, reason, why));

    private static AssociationOutcome.Aborted PeerAbort(Abort abort, string why)
        => new(abort.Source == AbortSource.ServiceUser ? AbortInitiator.PeerServiceUser : AbortInitiator.PeerServiceProvider, abort.Source, abort.Reason, why);

    private static string Describe(Event evt) => evt switch
    {
        Event.Evt1 => "A-ASSOCIATE request",
        Event.Evt3 => "A-ASSOCIATE-AC PDU",
        Event.Evt4 => "A-ASSOCIATE-RJ PDU",
        Event.Evt6 => "A-ASSOCIATE-RQ PDU",
        Event.Evt7 or Event.Evt8 => "A-ASSOCIATE response",
        Event.Evt9 => "P-DATA request",
        Event.Evt10 => "P-DATA-TF PDU",
        Event.Evt11 => "A-RELEASE request",
        Event.Evt12 => "A-RELEASE-RQ PDU",
        Event.Evt13 => "A-RELEASE-RP PDU",
        Event.Evt14 => "A-RELEASE response",
        Event.Evt15 => "A-ABORT request",
        Event.Evt16 => "A-ABORT PDU",
        _ => evt.ToString(),
    };

    // ---- timers ----

    private readonly object _deadlineLock = new();
    private CancellationTokenSource? _readDeadline;
    private bool _busy;
    private int _holds;

    /// <summary>
    /// The receive timer runs only while this side waits for the peer: while the loop is busy with an
    /// event, or the user performs an operation off the loop (storing an instance, running a
    /// retrieve), the peer is waiting for us, not we for it.
    /// </summary>
    private void Busy(bool busy)
    {
        lock (_deadlineLock)
        {
            _busy = busy;
            ArmReadDeadline();
        }
    }

    /// <summary>
    /// Pauses the receive timer while the user performs an operation the peer waits on (a request
    /// handled off the loop); holds nest, and each is ended by <see cref="ReleaseReceiveTimer"/>, which
    /// restarts the timer in full when the last one ends.
    /// </summary>
    public void HoldReceiveTimer()
    {
        lock (_deadlineLock)
        {
            _holds++;
            ArmReadDeadline();
        }
    }

    /// <summary>Ends one <see cref="HoldReceiveTimer"/>.</summary>
    public void ReleaseReceiveTimer()
    {
        lock (_deadlineLock)
        {
            if (_holds > 0) _holds--;
            ArmReadDeadline();
        }
    }

    private void ArmReadDeadline()
    {
        if (_readDeadline == null || _readDeadline.IsCancellationRequested) return;
        var timeout = _state is State.Sta2 or State.Sta13 ? null : _options.ReceiveTimeout;
        _readDeadline.CancelAfter(_busy || _holds > 0 || timeout == null ? System.Threading.Timeout.InfiniteTimeSpan : timeout.Value);
    }

    private ReadDeadline NewReadDeadline()
    {
        lock (_deadlineLock)
        {
            _readDeadline = new CancellationTokenSource();
            ArmReadDeadline();
            return new ReadDeadline(this, _readDeadline);
        }
    }

    /// <summary>The reader's deadline for one PDU; disposing it detaches it from the loop first.</summary>
    private readonly struct ReadDeadline(UpperLayerMachine machine, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;
        public bool IsCancellationRequested => source.IsCancellationRequested;

        public void Dispose()
        {
            lock (machine._deadlineLock)
            {
                if (machine._readDeadline == source) machine._readDeadline = null;
            }
            source.Dispose();
        }
    }

    private CancellationTokenSource? _artimTimer;
    private CancellationTokenSource? _connectTimer;

    /// <summary>Starts (or restarts) ARTIM; its expiry is Evt18. A stopped timer is cancelled, so nothing outlives the association.</summary>
    private void StartArtim()
    {
        long generation = Interlocked.Increment(ref _artimGeneration);
        _artimTimer = Restart(_artimTimer, _options.ConnectionTimeout, () => _events.Writer.TryWrite(new Work(Event.Evt18, timerGeneration: generation)));
    }

    private void StopArtim()
    {
        Interlocked.Increment(ref _artimGeneration);
        _artimTimer = Restart(_artimTimer, null, null);
    }

    /// <summary>The requestor waits for the A-ASSOCIATE-AC/RJ no longer than the connection timer: then it aborts.</summary>
    private void StartConnectTimer()
    {
        long generation = ++_connectGeneration;
        _connectTimer = Restart(_connectTimer, _options.ConnectionTimeout, () =>
        {
            if (Volatile.Read(ref _connectGeneration) == generation && _state == State.Sta5)
                _events.Writer.TryWrite(new Work(Event.Evt15, new AbortCause(AbortSource.ServiceUser, AbortReason.NotSpecified, new AssociationOutcome.TimedOut(UpperLayerTimer.AssociateResponse))));
        });
    }

    private void StopConnectTimer()
    {
        _connectGeneration++;
        _connectTimer = Restart(_connectTimer, null, null);
    }

    /// <summary>Cancels a running timer and, when a timeout is given, starts a new one that runs <paramref name="expired"/>.</summary>
    private static CancellationTokenSource? Restart(CancellationTokenSource? running, TimeSpan? timeout, System.Action? expired)
    {
        running?.Cancel();
        running?.Dispose();
        if (timeout is not { } t || expired == null) return null;
        var cts = new CancellationTokenSource();
        _ = Task.Delay(t, cts.Token).ContinueWith(task => { if (!task.IsCanceled) expired(); }, TaskScheduler.Default);
        return cts;
    }

    private static CancellationTokenSource Timeout(TimeSpan? timeout)
        => timeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();

    // ---- transport ----

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        var transport = _transport ?? throw new InvalidOperationException("no transport connection");
        using var timeout = Timeout(_options.SendTimeout);
        try
        {
            await transport.WriteAsync(bytes, timeout.Token);
            QuickAck(transport); // sending puts Linux back into delayed-ACK mode; the peer's next message must not wait
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            Outcome = timeout.IsCancellationRequested ? new AssociationOutcome.TimedOut(UpperLayerTimer.Send) : new AssociationOutcome.TransportFailure(TransportFailureKind.SendFailed, e);
            throw new PduSendException(Outcome, e);
        }
    }

    /// <summary>Writes an A-ABORT; the connection may already be gone, which changes nothing.</summary>
    private async Task TryWriteAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await WriteAsync(bytes);
        }
        catch (IOException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    private void Close()
    {
        StopArtim();
        StopConnectTimer();
        var transport = _transport;
        _transport = null;
        try
        {
            transport?.Dispose();
        }
        catch (IOException)
        {
        }
        _events.Writer.TryComplete();
        _user.OnClosed();
    }

    private void StartReader()
    {
        var transport = _transport!;
        _ = Task.Run(() => ReadLoopAsync(transport));
    }

    /// <summary>
    /// Reads PDUs one after another and posts each as its event. Memory is bounded by the PDU limits:
    /// a length field larger than allowed is an invalid PDU, never an allocation.
    /// </summary>
    private async Task ReadLoopAsync(Stream transport)
    {
        var header = new byte[PduReader.HeaderLength];
        while (true)
        {
            Work work;
            byte[]? rented = null;
            try
            {
                QuickAck(transport);
                using var timeout = NewReadDeadline();
                try
                {
                    if (!await ReadExactlyOrEndAsync(transport, header, timeout.Token))
                    {
                        await PostFromReaderAsync(new Work(Event.Evt17));
                        return;
                    }
                    QuickAck(transport);
                    PduReader.TryReadHeader(header, out byte type, out uint length);
                    if (!PduReader.IsKnownType(type))
                    {
                        await PostFromReaderAsync(new Work(Event.Evt19, new PduFormatException($"unrecognized PDU type 0x{type:X2}", AbortReason.UnrecognizedPdu)));
                        return;
                    }
                    uint limit = type == (byte)PduType.PDataTf ? (_options.MaxReceivePduLength == 0 ? 64u << 20 : _options.MaxReceivePduLength) : _options.MaxOtherPduLength;
                    if (length > limit)
                    {
                        await PostFromReaderAsync(new Work(Event.Evt19, new PduFormatException($"PDU length {length} exceeds the limit of {limit}", AbortReason.InvalidPduParameterValue)));
                        return;
                    }
                    rented = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
                    await transport.ReadExactlyAsync(rented.AsMemory(0, (int)length), timeout.Token);
                    QuickAck(transport);
                    var pdu = PduReader.Parse((PduType)type, rented.AsMemory(0, (int)length));
                    work = new Work(EventFor(pdu), pdu, rented: pdu is PDataTf ? rented : null);
                    if (pdu is not PDataTf)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }
                    rented = null;
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    if (rented != null) ArrayPool<byte>.Shared.Return(rented);
                    await PostFromReaderAsync(new Work(Event.Evt15, new AbortCause(AbortSource.ServiceProvider, AbortReason.NotSpecified, new AssociationOutcome.TimedOut(UpperLayerTimer.Receive))));
                    return;
                }
            }
            catch (PduFormatException e)
            {
                if (rented != null) ArrayPool<byte>.Shared.Return(rented);
                await PostFromReaderAsync(new Work(Event.Evt19, e));
                return;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException or System.Net.Sockets.SocketException)
            {
                if (rented != null) ArrayPool<byte>.Shared.Return(rented);
                await PostFromReaderAsync(new Work(Event.Evt17));
                return;
            }
            await PostFromReaderAsync(work);
            if (work.Event is Event.Evt16) return;
        }
    }

    private async Task PostFromReaderAsync(Work work)
    {
        try
        {
            await _events.Writer.WriteAsync(work);
        }
        catch (ChannelClosedException)
        {
            if (work.Rented != null) ArrayPool<byte>.Shared.Return(work.Rented);
        }
    }

    /// <summary>
    /// Re-arms TCP_QUICKACK before each PDU read, after its header and its body arrived, and after each
    /// write (Linux). A peer that leaves Nagle's algorithm on (Debian's DCMTK does, by default) holds back
    /// the rest of each message until its first segment is acknowledged; with delayed ACKs that costs up
    /// to 40 ms a message. Setting the option after a read also sends at once an ACK the kernel was
    /// delaying for what was just read.
    /// </summary>
    private static readonly byte[] One = [1, 0, 0, 0];

    private static void QuickAck(Stream transport)
    {
        if (!OperatingSystem.IsLinux()) return;
        var socket = transport switch
        {
            System.Net.Sockets.NetworkStream network => network.Socket,
            Security.TlsStream tls => tls.Socket,
            _ => null,
        };
        if (socket == null) return;
        try
        {
            socket.SetRawSocketOption(6 /* IPPROTO_TCP */, 12 /* TCP_QUICKACK */, One);
        }
        catch (System.Net.Sockets.SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static Event EventFor(Pdu.Pdu pdu) => pdu switch
    {
        AssociateAc => Event.Evt3,
        AssociateRj => Event.Evt4,
        AssociateRq => Event.Evt6,
        PDataTf => Event.Evt10,
        ReleaseRq => Event.Evt12,
        ReleaseRp => Event.Evt13,
        Abort => Event.Evt16,
        _ => Event.Evt19,
    };

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken token)
    {
        int read = 0;
        while (read < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(read), token);
            if (n == 0)
            {
                if (read == 0) return false;
                throw new EndOfStreamException("the connection closed inside a PDU header");
            }
            read += n;
        }
        return true;
    }
}

/// <summary>A PDU could not be written: the connection failed or the send timer ran out.</summary>
internal sealed class PduSendException(AssociationOutcome outcome, Exception inner) : IOException(outcome.ToString(), inner)
{
    public AssociationOutcome Outcome { get; } = outcome;
}
