using System.Buffers;
using System.Net.Sockets;
using Osprey.Network.Security;
using System.Threading.Channels;
using Osprey.Dicom.Dictionary;
using Osprey.Network.Association;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Client;

/// <summary>
/// The requestor side of an association (Osprey as SCU): connect and negotiate, send requests and
/// receive their responses (data sets included), cancel the request in flight, answer the C-STORE
/// sub-operations a C-GET brings back, release or abort. Used by <c>osprey echo</c>, and later by C-MOVE
/// sub-operations, forwarding and remote queries. One request at a time (the default asynchronous
/// operations window, PS3.7 §D.3.3.3).
/// </summary>
public sealed class ClientAssociation : IUpperLayerUser, IAsyncDisposable
{
    private readonly ClientOptions _options;
    private readonly UpperLayerMachine _machine;
    private readonly TaskCompletionSource<Pdu.Pdu> _confirmation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<DimseResponse> _responses = Channel.CreateUnbounded<DimseResponse>();
    private readonly DimseAssembler _assembler = new();

    // One message at a time goes out (PS3.8 Annex E: messages are not interleaved): a request and its
    // data set, a C-CANCEL-RQ, the answer to a request of the peer.
    private readonly SemaphoreSlim _sending = new(1, 1);
    private int _lastMessageId;
    private InFlight? _inFlight;

    // The message being received when it has a data set, which is collected here.
    private DimseCommand? _receiving;
    private byte _receivingContext;
    private ArrayBufferWriter<byte>? _receivedData;

    // The peer's requests are answered one after another, off the loop.
    private Task _answering = Task.CompletedTask;

    private sealed record InFlight(byte PresentationContextId, ushort MessageId);

    private ClientAssociation(ClientOptions options)
    {
        _options = options;
        _machine = UpperLayerMachine.ForRequestor(ConnectAsync, this, options.Timers with { MaxReceivePduLength = options.MaxPduLength });
        if (options.Trace is { } trace)
            _machine.Transition = (from, evt, action, to) => trace($"{from} + {evt} -> {(action?.ToString() ?? "(empty cell)")} -> {to}");
    }

    /// <summary>The peer's A-ASSOCIATE-AC.</summary>
    public AssociateAc Accepted { get; private set; } = null!;

    /// <summary>The presentation contexts the peer accepted, with our roles for each (PS3.7 §D.3.3.4).</summary>
    public IReadOnlyList<AcceptedPresentationContext> PresentationContexts { get; private set; } = [];

    /// <summary>Opens the association; throws <see cref="AssociationRejectedException"/> or <see cref="AssociationAbortedException"/>.</summary>
    public static async Task<ClientAssociation> ConnectAsync(ClientOptions options)
    {
        var association = new ClientAssociation(options);
        byte id = 1;
        var request = new AssociateRq
        {
            CalledAeTitle = options.CalledAeTitle,
            CallingAeTitle = options.CallingAeTitle,
            PresentationContexts = options.Proposals.Select(p => new PresentationContextRq((byte)((id += 2) - 2), p.AbstractSyntax, p.TransferSyntaxes)).ToList(),
            UserInformation = new UserInformation
            {
                MaximumLength = options.MaxPduLength,
                ImplementationClassUid = OspreyImplementation.ClassUid,
                ImplementationVersionName = OspreyImplementation.VersionName,
                RoleSelections = options.ScpRoleSopClasses.Distinct().Select(uid => new RoleSelection(uid, ScuRole: true, ScpRole: true)).ToList(),
                SopClassExtendedNegotiations = options.ExtendedNegotiations,
                UserIdentity = options.UserIdentity,
            },
        };
        try
        {
            await association._machine.AssociateAsync(request);
        }
        catch (InvalidOperationException e)
        {
            throw new AssociationAbortedException(e.Message);
        }
        var answer = await association._confirmation.Task;
        switch (answer)
        {
            case AssociateAc ac:
                association.Accepted = ac;
                association.PresentationContexts = association.AcceptedContexts(ac);
                association._machine.PeerMaxPduLength = ac.UserInformation.MaximumLength;
                return association;
            case AssociateRj rj:
                throw new AssociationRejectedException(rj);
            default:
                if (association._handshakeFailure is { } tls) throw tls;
                throw new AssociationAbortedException(association._machine.Outcome);
        }
    }

    /// <summary>
    /// The accepted contexts with our roles: an answer to a role selection item we proposed gives
    /// them; otherwise (no item, or one we did not propose, which PS3.7 §D.3.3.4 says to ignore) we are SCU only.
    /// </summary>
    private List<AcceptedPresentationContext> AcceptedContexts(AssociateAc ac)
    {
        var result = new List<AcceptedPresentationContext>();
        foreach (var context in ac.PresentationContexts)
        {
            int index = (context.Id - 1) / 2;
            if (context.Result != PresentationContextResult.Acceptance || context.Id % 2 == 0 || index >= _options.Proposals.Count) continue;
            var abstractSyntax = _options.Proposals[index].AbstractSyntax;
            var role = _options.ScpRoleSopClasses.Contains(abstractSyntax)
                ? ac.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == abstractSyntax)
                : null;
            result.Add(new AcceptedPresentationContext(context.Id, abstractSyntax, context.TransferSyntax, role?.ScuRole ?? true, role?.ScpRole ?? false));
        }
        return result;
    }

    // A TLS handshake that failed, kept so the caller hears its reason rather than the machine's summary.
    private TlsHandshakeException? _handshakeFailure;

    /// <summary>The transport connection (PS3.8 §9.1.1): TCP, then TLS when the options ask for it (PS3.15 Annex B).</summary>
    private async Task<Stream> ConnectAsync(CancellationToken token)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, token);
            if (_options.Tls is not { } tls) return client.GetStream();
            return await tls.AuthenticateAsync(client.GetStream(), _options.Host, token);
        }
        catch (TlsHandshakeException e)
        {
            _handshakeFailure = e;
            client.Dispose();
            throw;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The first accepted presentation context for an abstract syntax, or null.</summary>
    public AcceptedPresentationContext? ContextFor(string abstractSyntax)
        => PresentationContexts.FirstOrDefault(c => c.AbstractSyntax == abstractSyntax);

    /// <summary>
    /// The accepted presentation context for an abstract syntax with the given transfer syntax, or null:
    /// where several contexts of one SOP class were proposed with different transfer syntaxes, the one
    /// that matches the encoding of the data set to send.
    /// </summary>
    public AcceptedPresentationContext? ContextFor(string abstractSyntax, string transferSyntax)
        => PresentationContexts.FirstOrDefault(c => c.AbstractSyntax == abstractSyntax && c.TransferSyntax == transferSyntax);

    /// <summary>C-ECHO (PS3.7 §9.1.5): returns the response's status.</summary>
    public async Task<ushort> EchoAsync()
    {
        var responses = await SendRequestAsync(DicomUids.Verification, DimseCommand.CEchoRq(NextMessageId()), (Stream?)null);
        return responses[^1].Status ?? throw new AssociationAbortedException("the C-ECHO response has no status");
    }

    /// <summary>A Message ID for a new request: 1, 2, 3, … (0 is skipped when the count wraps).</summary>
    public ushort NextMessageId()
    {
        while (true)
        {
            var id = (ushort)Interlocked.Increment(ref _lastMessageId);
            if (id != 0) return id;
        }
    }

    /// <summary>Sends a request on the context of its SOP class and collects responses until a final (non-pending) one.</summary>
    public Task<IReadOnlyList<DimseResponse>> SendRequestAsync(string abstractSyntax, DimseCommand request, ReadOnlyMemory<byte>? dataSet)
        => SendRequestAsync(abstractSyntax, request, dataSet is { } d ? new MemoryStream(d.ToArray(), writable: false) : null);

    /// <summary>
    /// Sends a request with a data set streamed from <paramref name="dataSet"/> (already encoded in the
    /// accepted transfer syntax; never read whole into memory) on the first context of its SOP class,
    /// then collects the responses.
    /// </summary>
    public Task<IReadOnlyList<DimseResponse>> SendRequestAsync(string abstractSyntax, DimseCommand request, Stream? dataSet, CancellationToken cancellationToken = default)
    {
        var context = ContextFor(abstractSyntax) ?? throw new InvalidOperationException($"the peer accepted no presentation context for {abstractSyntax}");
        return SendRequestAsync(context.Id, request, dataSet, cancellationToken);
    }

    /// <summary>
    /// Sends a request on presentation context <paramref name="presentationContextId"/>, its data set
    /// streamed from <paramref name="dataSet"/> (encoded in that context's transfer syntax), and collects
    /// the responses to it, each with its data set, until a final (non-pending) one. A request without a
    /// Message ID gets <see cref="NextMessageId"/>. One request at a time; while it is in flight,
    /// <see cref="CancelRequestAsync"/> cancels it and <see cref="ClientOptions.OnStoreRequest"/> answers the
    /// C-STOREs the peer sends. Cancelling <paramref name="cancellationToken"/> stops the wait only.
    /// </summary>
    public async Task<IReadOnlyList<DimseResponse>> SendRequestAsync(byte presentationContextId, DimseCommand request, Stream? dataSet, CancellationToken cancellationToken = default)
    {
        if (PresentationContexts.All(c => c.Id != presentationContextId))
            throw new InvalidOperationException($"the peer did not accept presentation context {presentationContextId}");
        request.MessageId ??= NextMessageId();
        request.HasDataSet = dataSet != null;
        var inFlight = new InFlight(presentationContextId, request.MessageId.Value);
        if (Interlocked.CompareExchange(ref _inFlight, inFlight, null) != null)
            throw new InvalidOperationException("a request is in flight already: one at a time (asynchronous operations window 1)");
        try
        {
            await SendMessageAsync(presentationContextId, request, dataSet, cancellationToken);
            var responses = new List<DimseResponse>();
            while (true)
            {
                using var timeout = _options.ResponseTimeout is { } t && t > TimeSpan.Zero ? new CancellationTokenSource(t) : new CancellationTokenSource();
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
                DimseResponse response;
                try
                {
                    response = await _responses.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    await AbortAsync();
                    throw new AssociationAbortedException("no response within the wait timer");
                }
                catch (ChannelClosedException)
                {
                    throw new AssociationAbortedException(_machine.Outcome);
                }
                // A late answer to an earlier request (one whose wait was given up) is passed over.
                if (response.Command.MessageIdBeingRespondedTo != inFlight.MessageId) continue;
                responses.Add(response);
                if (response.Status is not { } status || DimseStatus.IsFinal(status)) return responses;
            }
        }
        finally
        {
            Interlocked.CompareExchange(ref _inFlight, null, inFlight);
        }
    }

    /// <summary>
    /// Sends a C-CANCEL-RQ for the request in flight (PS3.7 §9.3.2.3, §9.3.3.3, §9.3.4.3: C-FIND,
    /// C-GET, C-MOVE); its final response, with status Cancel when the peer stopped, still ends
    /// <see cref="SendRequestAsync(byte, DimseCommand, Stream?, CancellationToken)"/>. Does nothing when no request is in flight.
    /// </summary>
    public async Task CancelRequestAsync()
    {
        if (Volatile.Read(ref _inFlight) is not { } inFlight) return;
        await SendMessageAsync(inFlight.PresentationContextId, DimseCommand.CCancelRq(inFlight.MessageId), null, CancellationToken.None);
    }

    /// <summary>
    /// Sends a C-CANCEL-RQ naming <paramref name="messageId"/>, on the context of the request in flight
    /// (or the first accepted one): for tests of a peer, which ignores one that names no running operation.
    /// </summary>
    public async Task CancelRequestAsync(ushort messageId)
    {
        byte context = Volatile.Read(ref _inFlight)?.PresentationContextId ?? PresentationContexts[0].Id;
        await SendMessageAsync(context, DimseCommand.CCancelRq(messageId), null, CancellationToken.None);
    }

    /// <summary>
    /// Sends one message, its command then its data set, while no other message goes out. A data set
    /// that fails to read half-way leaves a message that cannot be finished: the association is aborted.
    /// </summary>
    private async Task SendMessageAsync(byte contextId, DimseCommand command, Stream? dataSet, CancellationToken cancellationToken)
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
            throw new AssociationAbortedException(e.Message);
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

    /// <summary>A-RELEASE: completes when the peer has answered and the connection is closed.</summary>
    public async Task ReleaseAsync()
    {
        try
        {
            await _machine.ReleaseAsync();
        }
        catch (InvalidOperationException e)
        {
            throw new AssociationAbortedException(e.Message);
        }
        await Task.WhenAny(_released.Task, _machine.Closed);
        await _machine.Closed;
        if (!_released.Task.IsCompleted) throw new AssociationAbortedException(_machine.Outcome);
    }

    public async Task AbortAsync()
    {
        try
        {
            await _machine.AbortAsync();
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_machine.State != State.Sta1) await AbortAsync();
        await _machine.Closed.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    // ---- requests of the peer ----

    /// <summary>
    /// Answers a request the peer sent: a C-STORE-RQ through <see cref="ClientOptions.OnStoreRequest"/>,
    /// anything else (or a C-STORE without that callback) with Unrecognized Operation (PS3.7 Annex C).
    /// </summary>
    private async Task AnswerAsync(DimseCommand request, byte contextId, byte[]? dataSet)
    {
        DimseCommand response;
        if (request.CommandField == DimseCommandField.CStoreRq && _options.OnStoreRequest is { } onStore)
        {
            ushort status;
            try
            {
                status = dataSet == null ? DimseStatus.CannotUnderstand : await onStore(request, dataSet, contextId);
            }
            catch (Exception)
            {
                status = DimseStatus.ProcessingFailure;
            }
            response = DimseCommand.CStoreRsp(request, status, dataSet == null ? "C-STORE request without a data set" : null);
        }
        else
        {
            response = DimseCommand.Response(request, (DimseCommandField)((ushort)request.CommandField | 0x8000), DimseStatus.UnrecognizedOperation);
        }
        try
        {
            await SendMessageAsync(contextId, response, null, CancellationToken.None);
        }
        catch (Exception e) when (e is AssociationAbortedException or IOException)
        {
            // the association ended meanwhile: nobody is waiting for the answer
        }
    }

    // ---- indications ----

    Pdu.Pdu IUpperLayerUser.OnAssociateIndication(AssociateRq request) => throw new InvalidOperationException("a requestor receives no A-ASSOCIATE-RQ");

    void IUpperLayerUser.OnAssociateConfirmation(Pdu.Pdu acceptOrReject) => _confirmation.TrySetResult(acceptOrReject);

    ValueTask IUpperLayerUser.OnDataIndicationAsync(PDataTf pdu)
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
                // A message that cannot be assembled ends the association (PS3.7 §8).
                return _machine.AbortAsync();
            }
            switch (step.Kind)
            {
                case DimseFeedKind.Command when step.DataSetFollows:
                    _receiving = step.Command;
                    _receivingContext = step.PresentationContextId;
                    _receivedData = new ArrayBufferWriter<byte>();
                    break;
                case DimseFeedKind.Command:
                    Received(step.Command!, step.PresentationContextId, null);
                    break;
                case DimseFeedKind.DataFragment:
                    _receivedData?.Write(step.Data.Span);
                    if (step.IsLastFragment && _receiving != null)
                    {
                        Received(_receiving, _receivingContext, _receivedData!.WrittenSpan.ToArray());
                        _receiving = null;
                        _receivedData = null;
                    }
                    break;
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>A whole message has arrived: a response goes to the request waiting for it; a request of the peer is answered.</summary>
    private void Received(DimseCommand command, byte contextId, byte[]? dataSet)
    {
        var field = command.CommandField;
        if (((ushort)field & 0x8000) != 0)
        {
            _responses.Writer.TryWrite(new DimseResponse(command, dataSet));
            return;
        }
        if (field == DimseCommandField.CCancelRq) return; // we run nothing the peer could cancel
        var previous = _answering;
        // The peer waits for our answer: its silence meanwhile is no reason to abort.
        _machine.HoldReceiveTimer();
        _answering = UpperLayerMachine.RunDetached(async () =>
        {
            try
            {
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await AnswerAsync(command, contextId, dataSet);
            }
            finally
            {
                _machine.ReleaseReceiveTimer();
            }
        });
    }

    void IUpperLayerUser.OnReleaseIndication() => _ = _machine.ReleaseResponseAsync().AsTask();

    void IUpperLayerUser.OnReleaseConfirmation() => _released.TrySetResult();

    void IUpperLayerUser.OnAbortIndication(AbortSource source, byte reason)
    {
        _confirmation.TrySetResult(new Abort(source, reason));
        _responses.Writer.TryComplete();
    }

    void IUpperLayerUser.OnClosed()
    {
        _confirmation.TrySetResult(new Abort(AbortSource.ServiceProvider, 0));
        _responses.Writer.TryComplete();
        _receiving = null;
        _receivedData = null;
    }
}
