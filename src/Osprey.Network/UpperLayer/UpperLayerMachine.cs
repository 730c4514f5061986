using System.Buffers;
using System.Threading.Channels;
using Osprey.Network.Pdu;

namespace Osprey.Network.UpperLayer;

/// <summary>
/// One association's DICOM upper layer protocol machine (PS3.8 §9.2): the state, the ARTIM timer and
/// the transport connection, driven by one loop that takes events in order — PDUs from the reader,
/// primitives from the local user, timer expiries — and runs the action that
/// <see cref="StateTable"/> names for each (the actions are in UpperLayerMachine.Actions.cs). No locks
/// guard the state: only the loop changes it.
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
    private Stream? _transport;
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
        _receiveTimer = new ReceiveTimer(ReceivePeriod);
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

    private static CancellationTokenSource Timeout(TimeSpan? timeout)
        => timeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();

    // ---- transport ----

    private async Task SendAsync(ReadOnlyMemory<byte> bytes)
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
    private async Task TrySendAsync(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            await SendAsync(bytes);
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
            UpperLayerEvent work;
            byte[]? rented = null;
            try
            {
                QuickAck(transport);
                using var timeout = _receiveTimer.Start();
                try
                {
                    if (!await ReadExactlyOrEndAsync(transport, header, timeout.Token))
                    {
                        await PostFromReaderAsync(new TransportClosed());
                        return;
                    }
                    QuickAck(transport);
                    PduReader.TryReadHeader(header, out byte type, out uint length);
                    if (!PduReader.IsKnownType(type))
                    {
                        await PostFromReaderAsync(new InvalidPduReceived(new PduFormatException($"unrecognized PDU type 0x{type:X2}", AbortReason.UnrecognizedPdu)));
                        return;
                    }
                    uint limit = type == (byte)PduType.PDataTf ? (_options.MaxReceivePduLength == 0 ? 64u << 20 : _options.MaxReceivePduLength) : _options.MaxOtherPduLength;
                    if (length > limit)
                    {
                        await PostFromReaderAsync(new InvalidPduReceived(new PduFormatException($"PDU length {length} exceeds the limit of {limit}", AbortReason.InvalidPduParameterValue)));
                        return;
                    }
                    rented = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
                    await transport.ReadExactlyAsync(rented.AsMemory(0, (int)length), timeout.Token);
                    QuickAck(transport);
                    var pdu = PduReader.Parse((PduType)type, rented.AsMemory(0, (int)length));
                    work = pdu is PDataTf data ? new PDataTfReceived(data, rented) : EventFor(pdu);
                    if (pdu is not PDataTf)
                    {
                        ArrayPool<byte>.Shared.Return(rented);
                    }
                    rented = null;
                }
                catch (OperationCanceledException) when (timeout.Expired)
                {
                    if (rented != null) ArrayPool<byte>.Shared.Return(rented);
                    await PostFromReaderAsync(new AbortRequest(AbortSource.ServiceProvider, AbortReason.NotSpecified, new AssociationOutcome.TimedOut(UpperLayerTimer.Receive)));
                    return;
                }
            }
            catch (PduFormatException e)
            {
                if (rented != null) ArrayPool<byte>.Shared.Return(rented);
                await PostFromReaderAsync(new InvalidPduReceived(e));
                return;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException or System.Net.Sockets.SocketException)
            {
                if (rented != null) ArrayPool<byte>.Shared.Return(rented);
                await PostFromReaderAsync(new TransportClosed());
                return;
            }
            await PostFromReaderAsync(work);
            if (work is AbortReceived) return;
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

    private static UpperLayerEvent EventFor(Pdu.Pdu pdu) => pdu switch
    {
        AssociateAc ac => new AssociateAcReceived(ac),
        AssociateRj rj => new AssociateRjReceived(rj),
        AssociateRq rq => new AssociateRqReceived(rq),
        ReleaseRq => new ReleaseRqReceived(),
        ReleaseRp => new ReleaseRpReceived(),
        Abort abort => new AbortReceived(abort),
        _ => new InvalidPduReceived(new PduFormatException($"unrecognized PDU {pdu.Type}", AbortReason.UnrecognizedPdu)),
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
