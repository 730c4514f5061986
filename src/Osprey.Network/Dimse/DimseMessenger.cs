using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Osprey.Network.Client;
using Osprey.Network.Pdu;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Dimse;

/// <summary>
/// DIMSE messaging over one association, the same for both ends (PS3.7 §9, PS3.8 Annex E): messages
/// are assembled from P-DATA and sent one at a time, commands before data sets, never interleaved;
/// requests of ours get Message IDs unique among those outstanding and their responses are routed back
/// by Message ID Being Responded To; the peer's requests go to the <see cref="IDimseMessageHandler"/>
/// with their data sets streamed (a <see cref="PipeReader"/> that pauses the association at 1 MiB, so a
/// slow consumer slows the sender and nothing is held whole); C-CANCEL-RQs go to the handler. One
/// operation of the peer at a time, as the default asynchronous operations window says (PS3.7
/// §D.3.3.3): a request before the final response to the previous one aborts the association. The
/// receive timer runs only while this side waits for the peer.
/// </summary>
public sealed class DimseMessenger
{
    /// <summary>The largest data set a response may carry (a C-FIND match, a failed-instance list); a larger one aborts.</summary>
    public const int MaxResponseDataSetLength = 16 << 20;

    private readonly UpperLayerMachine _machine;
    private readonly IDimseMessageHandler _handler;
    private readonly DimseAssembler _assembler = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Dictionary<ushort, Channel<DimseResponse>> _awaiting = [];
    private readonly CancellationTokenSource _ended = new();
    private int _lastMessageId;
    private bool _closed;

    // The message being received: a request's data set flows through _incoming; a response's is collected.
    private Pipe? _incoming;
    private DimseCommand? _response;
    private ArrayBufferWriter<byte>? _responseData;

    // The peer's operation in progress, from its request to our final response.
    private IncomingRequest? _outstanding;

    public DimseMessenger(UpperLayerMachine machine, IDimseMessageHandler handler)
    {
        _machine = machine;
        _handler = handler;
    }

    /// <summary>Cancelled when the association ends.</summary>
    public CancellationToken Ended => _ended.Token;

    // ---- receiving ----

    /// <summary>P-DATA-TF indication (PS3.8 Evt10): feeds each PDV to the message being assembled.</summary>
    public async ValueTask OnDataIndicationAsync(PDataTf pdu)
    {
        foreach (var pdv in pdu.Values)
        {
            DimseFeedResult step;
            try
            {
                step = _assembler.Feed(pdv);
            }
            catch (DimseFormatException)
            {
                // PS3.7 §8: a message that cannot be assembled ends the association.
                await AbortAsync();
                return;
            }
            if (step.Kind == DimseFeedKind.Command)
            {
                if (!OnCommand(step.Command!, step.PresentationContextId, step.DataSetFollows))
                {
                    await AbortAsync();
                    return;
                }
            }
            else if (step.Kind == DimseFeedKind.DataFragment && !await OnDataAsync(step.Data, step.IsLastFragment))
            {
                await AbortAsync();
                return;
            }
        }
    }

    private bool OnCommand(DimseCommand command, byte contextId, bool dataSetFollows)
    {
        var field = command.CommandField;
        if (field == DimseCommandField.CCancelRq)
        {
            _handler.OnCancel(command.MessageIdBeingRespondedTo ?? 0);
            return true;
        }
        if (!field.IsRequest())
        {
            if (dataSetFollows)
            {
                _response = command;
                _responseData = new ArrayBufferWriter<byte>();
            }
            else
            {
                Route(new DimseResponse(command, null));
            }
            return true;
        }
        // PS3.7 §D.3.3.3: one operation of the peer at a time; queued behind a running one, its data set
        // would stall the loop that the running one needs.
        if (Volatile.Read(ref _outstanding) != null) return false;
        Pipe? pipe = null;
        if (dataSetFollows)
        {
            // 64 KiB segments: a consumer writing the data set to disk gets few, large writes.
            pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 1 << 16, useSynchronizationContext: false));
            _incoming = pipe;
        }
        var request = new IncomingRequest(command, contextId, pipe?.Reader);
        Volatile.Write(ref _outstanding, request);
        // The peer waits for our answer: its silence meanwhile is no reason to abort.
        _machine.HoldReceiveTimer();
        return _handler.OnRequest(request);
    }

    private async ValueTask<bool> OnDataAsync(ReadOnlyMemory<byte> data, bool last)
    {
        if (_response != null)
        {
            if (_responseData!.WrittenCount + data.Length > MaxResponseDataSetLength) return false;
            _responseData.Write(data.Span);
            if (last)
            {
                Route(new DimseResponse(_response, _responseData.WrittenSpan.ToArray()));
                _response = null;
                _responseData = null;
            }
            return true;
        }
        if (_incoming is not { } pipe) return true;
        // When the consumer has stopped reading (it answered already), the rest is dropped.
        await pipe.Writer.WriteAsync(data);
        if (last)
        {
            await pipe.Writer.CompleteAsync();
            _incoming = null;
        }
        return true;
    }

    /// <summary>A response goes to the request of ours it answers; a stray one is passed over.</summary>
    private void Route(DimseResponse response)
    {
        Channel<DimseResponse>? waiter;
        lock (_awaiting) _awaiting.TryGetValue(response.Command.MessageIdBeingRespondedTo ?? 0, out waiter);
        waiter?.Writer.TryWrite(response);
    }

    // ---- answering the peer ----

    /// <summary>
    /// Sends a response to <paramref name="request"/>, with data set bytes when given (Command Data Set
    /// Type is set to match). Responding means the consumer is done with the request's data set. A
    /// response that is not pending (PS3.7 Annex C) is the final one: the peer may send its next request.
    /// </summary>
    public async Task RespondAsync(IncomingRequest request, DimseCommand response, ReadOnlyMemory<byte>? dataSet)
    {
        if (request.DataSet != null) await request.DataSet.CompleteAsync();
        if (response.HasDataSet != dataSet.HasValue) response.HasDataSet = dataSet.HasValue;
        // Before the response leaves: the peer may send its next request as soon as it has it.
        if (response.Status is not { } status || DimseStatus.IsFinal(status)) Finish(request);
        await SendAsync(request.PresentationContextId, response, dataSet);
    }

    /// <summary>The peer's operation is over (answered, or its handler ended): a new one may come, and the receive timer runs again.</summary>
    public void Finish(IncomingRequest request)
    {
        if (!request.TryFinish()) return;
        Interlocked.CompareExchange(ref _outstanding, null, request);
        _machine.ReleaseReceiveTimer();
    }

    // ---- requests of ours ----

    /// <summary>A Message ID unique among our requests awaiting responses (PS3.7 §9.3.1.1); never 0.</summary>
    public ushort NextMessageId()
    {
        while (true)
        {
            ushort id = (ushort)Interlocked.Increment(ref _lastMessageId);
            if (id == 0) continue;
            lock (_awaiting)
                if (!_awaiting.ContainsKey(id)) return id;
        }
    }

    /// <summary>
    /// Sends a request (its data set streamed from <paramref name="dataSet"/>, already encoded in the
    /// context's transfer syntax) and collects its responses, each with its data set, until the final
    /// one. A request without a Message ID gets <see cref="NextMessageId"/>. <paramref name="origin"/>:
    /// the peer's operation this request serves (a C-GET's C-STORE), whose hold on the receive timer is
    /// lifted while we wait for the peer. <paramref name="responseTimeout"/>: the wait timer for each
    /// response (null: none); when it expires the association is aborted. Throws
    /// <see cref="AssociationAbortedException"/> when the association ends first, and
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> ends the wait.
    /// </summary>
    public async Task<IReadOnlyList<DimseResponse>> SendRequestAsync(byte contextId, DimseCommand request, Stream? dataSet,
        IncomingRequest? origin = null, TimeSpan? responseTimeout = null, CancellationToken cancellationToken = default)
    {
        if (!request.CommandField.IsRequest() || request.CommandField == DimseCommandField.CCancelRq)
            throw new ArgumentException($"{request.CommandField.ToText()} is not a request that is answered", nameof(request));
        ushort messageId = request.MessageId is { } given && given != 0 ? given : NextMessageId();
        request.MessageId = messageId;
        request.HasDataSet = dataSet != null;
        var responses = Channel.CreateUnbounded<DimseResponse>(new UnboundedChannelOptions { SingleReader = true });
        lock (_awaiting)
        {
            if (_closed) throw new AssociationAbortedException($"the association has ended ({_machine.Outcome})", _machine.Outcome);
            if (!_awaiting.TryAdd(messageId, responses)) throw new InvalidOperationException($"Message ID {messageId} is awaiting a response already");
        }
        bool waitingForPeer = false;
        try
        {
            await SendAsync(contextId, request, dataSet, cancellationToken);
            if (origin is { IsFinished: false })
            {
                _machine.ReleaseReceiveTimer();
                waitingForPeer = true;
            }
            var received = new List<DimseResponse>();
            while (true)
            {
                using var timer = responseTimeout is { } t && t > TimeSpan.Zero ? new CancellationTokenSource(t) : new CancellationTokenSource();
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
                DimseResponse response;
                try
                {
                    response = await responses.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (timer.IsCancellationRequested)
                {
                    await AbortAsync();
                    throw new AssociationAbortedException("no response within the wait timer");
                }
                catch (ChannelClosedException)
                {
                    throw new AssociationAbortedException($"the association ended ({_machine.Outcome}) before the response arrived", _machine.Outcome);
                }
                received.Add(response);
                if (response.Status is not { } status || DimseStatus.IsFinal(status)) return received;
            }
        }
        finally
        {
            if (waitingForPeer && !origin!.IsFinished) _machine.HoldReceiveTimer();
            lock (_awaiting) _awaiting.Remove(messageId);
        }
    }

    // ---- sending ----

    /// <summary>Sends a command and, when given, its data set bytes, while no other message goes out.</summary>
    public async Task SendAsync(byte contextId, DimseCommand command, ReadOnlyMemory<byte>? dataSet)
    {
        var bytes = command.Encode();
        await _sending.WaitAsync();
        try
        {
            await PDataSender.SendAsync(_machine, contextId, true, bytes);
            if (dataSet is { } data) await PDataSender.SendAsync(_machine, contextId, false, data);
        }
        catch (InvalidOperationException e)
        {
            throw new AssociationAbortedException($"the association ended before the {command.CommandField.ToText()} was sent: {e.Message}", _machine.Outcome);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>
    /// Sends a command and a data set streamed from <paramref name="dataSet"/>, while no other message
    /// goes out. A data set that fails to read half-way leaves a message that cannot be finished: the
    /// association is aborted.
    /// </summary>
    public async Task SendAsync(byte contextId, DimseCommand command, Stream? dataSet, CancellationToken cancellationToken = default)
    {
        var bytes = command.Encode();
        await _sending.WaitAsync(cancellationToken);
        bool commandSent = false;
        try
        {
            await PDataSender.SendAsync(_machine, contextId, true, bytes);
            commandSent = true;
            if (dataSet != null) await PDataSender.SendAsync(_machine, contextId, dataSet);
        }
        catch (InvalidOperationException e)
        {
            throw new AssociationAbortedException($"the association ended before the {command.CommandField.ToText()} was sent: {e.Message}", _machine.Outcome);
        }
        catch (Exception) when (commandSent)
        {
            await AbortAsync();
            throw;
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task AbortAsync()
    {
        try
        {
            await _machine.AbortAsync();
        }
        catch (InvalidOperationException)
        {
            // the association has ended already
        }
    }

    // ---- the end ----

    /// <summary>
    /// The association is over (released, aborted, closed): every request of ours still waiting fails,
    /// and a data set cut off half-way ends its stream with an error, so it is never taken as whole.
    /// </summary>
    public void End()
    {
        if (_ended.IsCancellationRequested) return;
        // Callbacks run off the loop.
        _ = _ended.CancelAsync();
        List<Channel<DimseResponse>> waiting;
        lock (_awaiting)
        {
            _closed = true;
            waiting = [.. _awaiting.Values];
        }
        foreach (var waiter in waiting) waiter.Writer.TryComplete();
        _incoming?.Writer.Complete(new OperationCanceledException("the association ended before the data set was complete"));
        _incoming = null;
        _response = null;
        _responseData = null;
    }
}
