using System.Buffers;
using System.Threading.Channels;
using Osprey.Network.Pdu;

namespace Osprey.Network.UpperLayer;

/// <summary>
/// One association's DICOM upper layer protocol machine (PS3.8 §9.2): its state, and one loop that
/// takes events in order — PDUs from the reader of its <see cref="PduTransport"/>, primitives from the
/// local user, expiries of its timers (<see cref="ArtimTimer"/>, <see cref="ReceiveTimer"/>) — and runs
/// the action <see cref="StateTable"/> names for each (UpperLayerMachine.Actions.cs). No locks guard
/// the state: only the loop changes it.
/// </summary>
public sealed partial class UpperLayerMachine
{
    /// <summary>An event in the channel, and the completion of the primitive that posted it (null for the network's and the timers').</summary>
    private readonly record struct Work(UpperLayerEvent Event, TaskCompletionSource? Done = null);

    private static readonly AsyncLocal<UpperLayerMachine?> CurrentLoop = new();

    private readonly Channel<Work> _events = Channel.CreateBounded<Work>(new BoundedChannelOptions(4) { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly IUpperLayerUser _user;
    private UpperLayerOptions _options;
    private readonly Func<CancellationToken, Task<Stream>>? _connect;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PduTransport? _transport;
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
        _transport = transport == null ? null : new PduTransport(transport, Counters);
        _connect = connect;
        _receiveTimer = new ReceiveTimer(ReceivePeriod);
        _ = Task.Run(LoopAsync);
    }

    public bool IsRequestor { get; }

    /// <summary>The bytes of the PDUs received and sent on this association's transport connection so far.</summary>
    public TransferCounters Counters { get; } = new();

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
    public ValueTask StartAcceptorAsync() => PostAsync(new TransportConnectionIndication());

    /// <summary>Evt1: A-ASSOCIATE request. Completes when the request has been sent (the confirmation comes to the user).</summary>
    public ValueTask AssociateAsync(AssociateRq request) => PostAsync(new AssociateRequest(request));

    /// <summary>Evt9: P-DATA request with the bytes of a complete P-DATA-TF PDU. Completes once written.</summary>
    public ValueTask SendPDataAsync(ReadOnlyMemory<byte> pdataTf) => PostAsync(new PDataRequest(pdataTf));

    /// <summary>Evt11: A-RELEASE request.</summary>
    public ValueTask ReleaseAsync() => PostAsync(new ReleaseRequest());

    /// <summary>Evt14: A-RELEASE response.</summary>
    public ValueTask ReleaseResponseAsync() => PostAsync(new ReleaseResponse());

    /// <summary>Evt15: A-ABORT request.</summary>
    public ValueTask AbortAsync() => PostAsync(LocalUserAbort);

    private static readonly AbortRequest LocalUserAbort = new(AbortSource.ServiceUser, AbortReason.NotSpecified,
        new AssociationOutcome.Aborted(AbortInitiator.LocalUser, AbortSource.ServiceUser, AbortReason.NotSpecified, "aborted by local user"));

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

    private async ValueTask PostAsync(UpperLayerEvent evt)
    {
        if (CurrentLoop.Value == this)
        {
            // A primitive issued from inside an indication runs at once, in order, on the loop itself.
            await HandleAsync(evt);
            return;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_events.Writer.TryWrite(new Work(evt, done)))
        {
            try
            {
                await _events.Writer.WriteAsync(new Work(evt, done));
            }
            catch (ChannelClosedException)
            {
                throw new InvalidOperationException($"the association is closed ({Outcome})");
            }
        }
        await done.Task;
    }

    /// <summary>Posts an event of the network or of a timer; after the machine has closed it is dropped.</summary>
    private async ValueTask PostFromReaderAsync(UpperLayerEvent evt)
    {
        try
        {
            await _events.Writer.WriteAsync(new Work(evt));
        }
        catch (ChannelClosedException)
        {
            ReturnBuffer(evt);
        }
    }

    private static void ReturnBuffer(UpperLayerEvent evt)
    {
        if (evt is PDataTfReceived data) ArrayPool<byte>.Shared.Return(data.Buffer);
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
                    _receiveTimer.Busy(true);
                    await HandleAsync(work.Event);
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
                    ReturnBuffer(work.Event);
                    _receiveTimer.Busy(false);
                }
            }
        }
        finally
        {
            _events.Writer.TryComplete();
            while (_events.Reader.TryRead(out var left))
            {
                left.Done?.TrySetException(new InvalidOperationException($"the association is closed ({Outcome})"));
                ReturnBuffer(left.Event);
            }
            _closed.TrySetResult();
        }
    }

    /// <summary>
    /// Looks the event up in Table 9-10 and runs the cell's action. An empty cell for a local primitive
    /// is the caller's error; for an event of the network or a timer it is one that came too late.
    /// </summary>
    private async Task HandleAsync(UpperLayerEvent evt)
    {
        var state = _state;
        if (evt is ArtimExpired expiry && !_artim.IsCurrent(expiry.Generation)) return; // a stopped or restarted timer
        var action = StateTable.Lookup(state, evt.Event);
        if (action == null)
        {
            Transition?.Invoke(state, evt.Event, null, state);
            if (evt is AssociateRequest or AssociateAccept or AssociateReject or PDataRequest or ReleaseRequest or ReleaseResponse or AbortRequest)
                throw new InvalidOperationException($"{Describe(evt.Event)} is not allowed in {state} ({Outcome})");
            return; // a late timer or reader event after the connection is gone
        }
        // The next state is the table's (Tables 9-6 to 9-9), entered before the action's side effects run:
        // a primitive the user issues from inside an indication then meets the right state.
        bool acceptable = action != ProtocolAction.AE6 || evt is not AssociateRqReceived rq || ProviderRejection(rq.Pdu) == null;
        var next = StateTable.NextState(action.Value, acceptable, IsRequestor);
        Transition?.Invoke(state, evt.Event, action, next);
        _state = next;
        await ExecuteAsync(action.Value, evt);
    }

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

    // ---- timers: ARTIM, the wait for the A-ASSOCIATE response, the receive timer ----

    private readonly ArtimTimer _artim = new();
    private readonly ArtimTimer _associateResponseTimer = new();
    private readonly ReceiveTimer _receiveTimer;

    /// <summary>
    /// Pauses the receive timer while the user performs an operation the peer waits on (a request
    /// handled off the loop); holds nest, and each is ended by <see cref="ReleaseReceiveTimer"/>, which
    /// restarts the timer in full when the last one ends.
    /// </summary>
    public void HoldReceiveTimer() => _receiveTimer.Hold();

    /// <summary>Ends one <see cref="HoldReceiveTimer"/>.</summary>
    public void ReleaseReceiveTimer() => _receiveTimer.Release();

    /// <summary>The receive timer applies on an association, not while ARTIM does (Sta2, Sta13).</summary>
    private TimeSpan? ReceivePeriod() => _state is State.Sta2 or State.Sta13 ? null : _options.ReceiveTimeout;

    /// <summary>Starts (or restarts) ARTIM; its expiry is Evt18.</summary>
    private void StartArtim() => _artim.Start(_options.ConnectionTimeout, generation => _events.Writer.TryWrite(new Work(new ArtimExpired(generation))));

    private void StopArtim() => _artim.Stop();

    /// <summary>The requestor waits for the A-ASSOCIATE-AC/RJ no longer than the connection timer: then it aborts.</summary>
    private void StartConnectTimer() => _associateResponseTimer.Start(_options.ConnectionTimeout, generation =>
    {
        if (_associateResponseTimer.IsCurrent(generation) && _state == State.Sta5)
            _events.Writer.TryWrite(new Work(new AbortRequest(AbortSource.ServiceUser, AbortReason.NotSpecified, new AssociationOutcome.TimedOut(UpperLayerTimer.AssociateResponse))));
    });

    private void StopConnectTimer() => _associateResponseTimer.Stop();

    // ---- the transport connection (PduTransport.cs) ----

    /// <summary>Writes a PDU; a failure or the send timer running out is the association's outcome, and throws.</summary>
    private async Task SendAsync(ReadOnlyMemory<byte> pdu)
    {
        var transport = _transport ?? throw new InvalidOperationException("no transport connection");
        try
        {
            await transport.WriteAsync(pdu, _options.SendTimeout);
        }
        catch (PduSendException e)
        {
            Outcome = e.Outcome;
            throw;
        }
    }

    /// <summary>Writes an A-ABORT; the connection may already be gone, which changes nothing.</summary>
    private async Task TrySendAsync(ReadOnlyMemory<byte> pdu)
    {
        try
        {
            await SendAsync(pdu);
        }
        catch (IOException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Starts the reader, which posts each PDU as its event (with the limits in force for each).</summary>
    private void StartReader()
    {
        var transport = _transport!;
        _ = Task.Run(() => transport.ReadLoopAsync(() => _options, _receiveTimer, PostFromReaderAsync));
    }

    /// <summary>Stops the timers and closes the transport connection: the machine is in Sta1, and its channel takes no more events.</summary>
    private void Close()
    {
        StopArtim();
        StopConnectTimer();
        var transport = _transport;
        _transport = null;
        transport?.Dispose();
        _events.Writer.TryComplete();
        _user.OnClosed();
    }
}
