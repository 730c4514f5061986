using System.IO.Pipelines;
using System.Net.Sockets;
using Osprey.Dicom.Dictionary;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;
using Osprey.Network.Security;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Client;

/// <summary>
/// The requestor side of an association (Osprey as SCU): connect and negotiate
/// (<see cref="RequestorNegotiation"/>), send requests and receive their responses through the
/// <see cref="DimseMessenger"/>, cancel the request in flight, answer the C-STORE sub-operations a
/// C-GET brings back (their data sets streamed to <see cref="ClientOptions.OnStoreRequest"/>), release
/// or abort. Used by <c>osprey echo</c> and C-MOVE sub-operations. One request at a time (the default
/// asynchronous operations window, PS3.7 §D.3.3.3).
/// </summary>
public sealed class ClientAssociation : IUpperLayerUser, IDimseMessageHandler, IAsyncDisposable
{
    private readonly ClientOptions _options;
    private readonly UpperLayerMachine _machine;
    private readonly DimseMessenger _messenger;
    private readonly TaskCompletionSource<Pdu.Pdu> _confirmation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private InFlight? _inFlight;

    // The peer's requests are answered one after another, off the loop.
    private Task _answering = Task.CompletedTask;

    // A TLS handshake that failed, kept so the caller hears its reason rather than the machine's summary.
    private TlsHandshakeException? _handshakeFailure;

    private sealed record InFlight(byte PresentationContextId, ushort MessageId);

    private ClientAssociation(ClientOptions options)
    {
        _options = options;
        _machine = UpperLayerMachine.ForRequestor(ConnectAsync, this, options.Timers with { MaxReceivePduLength = options.MaxPduLength });
        _messenger = new DimseMessenger(_machine, this);
        if (options.Trace is { } trace)
            _machine.Transition = (from, evt, action, to) => trace($"{from} + {evt} -> {(action?.ToString() ?? "(empty cell)")} -> {to}");
    }

    /// <summary>The peer's A-ASSOCIATE-AC.</summary>
    public AssociateAc Accepted { get; private set; } = null!;

    /// <summary>The presentation contexts the peer accepted, with our roles for each (PS3.7 §D.3.3.4).</summary>
    public IReadOnlyList<AcceptedPresentationContext> PresentationContexts { get; private set; } = [];

    /// <summary>Opens the association; throws <see cref="AssociationRejectedException"/>, <see cref="AssociationAbortedException"/> or <see cref="TlsHandshakeException"/>.</summary>
    public static async Task<ClientAssociation> ConnectAsync(ClientOptions options)
    {
        var association = new ClientAssociation(options);
        try
        {
            await association._machine.AssociateAsync(RequestorNegotiation.Propose(options));
        }
        catch (InvalidOperationException e)
        {
            throw new AssociationAbortedException(e.Message, association._machine.Outcome);
        }
        var answer = await association._confirmation.Task;
        switch (answer)
        {
            case AssociateAc ac:
                association.Accepted = ac;
                association.PresentationContexts = RequestorNegotiation.Accepted(options, ac);
                association._machine.PeerMaxPduLength = ac.UserInformation.MaximumLength;
                return association;
            case AssociateRj rj:
                throw new AssociationRejectedException(rj);
            default:
                if (association._handshakeFailure is { } tls) throw tls;
                throw new AssociationAbortedException(association._machine.Outcome);
        }
    }

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

    /// <summary>The accepted presentation context for an abstract syntax with a given transfer syntax, or null.</summary>
    public AcceptedPresentationContext? ContextFor(string abstractSyntax, string transferSyntax)
        => PresentationContexts.FirstOrDefault(c => c.AbstractSyntax == abstractSyntax && c.TransferSyntax == transferSyntax);

    /// <summary>C-ECHO (PS3.7 §9.1.5): returns the response's status.</summary>
    public async Task<ushort> EchoAsync()
    {
        var responses = await SendRequestAsync(DicomUids.Verification, DimseCommand.CEchoRq(NextMessageId()), (Stream?)null);
        return responses[^1].Status ?? throw new AssociationAbortedException("the C-ECHO response has no status");
    }

    /// <summary>A Message ID for a new request: 1, 2, 3, … (0 is skipped when the count wraps).</summary>
    public ushort NextMessageId() => _messenger.NextMessageId();

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
    /// the responses to it, each with its data set, until a final (non-pending) one; the wait timer
    /// (<see cref="ClientOptions.ResponseTimeout"/>) bounds each. A request without a Message ID gets
    /// <see cref="NextMessageId"/>. One request at a time; while it is in flight,
    /// <see cref="CancelRequestAsync()"/> cancels it and <see cref="ClientOptions.OnStoreRequest"/> answers the
    /// C-STOREs the peer sends. Cancelling <paramref name="cancellationToken"/> stops the wait only.
    /// </summary>
    public async Task<IReadOnlyList<DimseResponse>> SendRequestAsync(byte presentationContextId, DimseCommand request, Stream? dataSet, CancellationToken cancellationToken = default)
    {
        if (PresentationContexts.All(c => c.Id != presentationContextId))
            throw new InvalidOperationException($"the peer did not accept presentation context {presentationContextId}");
        request.MessageId ??= NextMessageId();
        var inFlight = new InFlight(presentationContextId, request.MessageId.Value);
        if (Interlocked.CompareExchange(ref _inFlight, inFlight, null) != null)
            throw new InvalidOperationException("a request is in flight already: one at a time (asynchronous operations window 1)");
        try
        {
            return await _messenger.SendRequestAsync(presentationContextId, request, dataSet, origin: null, _options.ResponseTimeout, cancellationToken);
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
        await _messenger.SendAsync(inFlight.PresentationContextId, DimseCommand.CCancelRq(inFlight.MessageId), (ReadOnlyMemory<byte>?)null);
    }

    /// <summary>
    /// Sends a C-CANCEL-RQ naming <paramref name="messageId"/>, on the context of the request in flight
    /// (or the first accepted one): for tests of a peer, which ignores one that names no running operation.
    /// </summary>
    public async Task CancelRequestAsync(ushort messageId)
    {
        byte context = Volatile.Read(ref _inFlight)?.PresentationContextId ?? PresentationContexts[0].Id;
        await _messenger.SendAsync(context, DimseCommand.CCancelRq(messageId), (ReadOnlyMemory<byte>?)null);
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
            throw new AssociationAbortedException(e.Message, _machine.Outcome);
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

    bool IDimseMessageHandler.OnRequest(IncomingRequest request)
    {
        var previous = _answering;
        _answering = UpperLayerMachine.RunDetached(async () =>
        {
            try
            {
                await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await AnswerAsync(request);
            }
            finally
            {
                _messenger.Finish(request);
                if (request.DataSet != null) await request.DataSet.CompleteAsync();
            }
        });
        return true;
    }

    // We run nothing the peer could cancel.
    void IDimseMessageHandler.OnCancel(ushort messageId) { }

    /// <summary>
    /// Answers a request the peer sent: a C-STORE-RQ through <see cref="ClientOptions.OnStoreRequest"/>,
    /// anything else (or a C-STORE without that callback) with Unrecognized Operation (PS3.7 Annex C).
    /// </summary>
    private async Task AnswerAsync(IncomingRequest incoming)
    {
        var request = incoming.Command;
        DimseCommand response;
        if (request.CommandField == DimseCommandField.CStoreRq && _options.OnStoreRequest is { } onStore)
        {
            ushort status;
            try
            {
                status = incoming.DataSet == null ? DimseStatus.CannotUnderstand : await onStore(request, incoming.DataSet, incoming.PresentationContextId);
            }
            catch (Exception)
            {
                status = DimseStatus.ProcessingFailure;
            }
            response = DimseCommand.CStoreRsp(request, status, incoming.DataSet == null ? "C-STORE request without a data set" : null);
        }
        else
        {
            response = DimseCommand.Response(request, (DimseCommandField)((ushort)request.CommandField | 0x8000), DimseStatus.UnrecognizedOperation);
        }
        try
        {
            await _messenger.RespondAsync(incoming, response, null);
        }
        catch (Exception e) when (e is AssociationAbortedException or IOException)
        {
            // the association ended meanwhile: nobody is waiting for the answer
        }
    }

    // ---- indications ----

    Pdu.Pdu IUpperLayerUser.OnAssociateIndication(AssociateRq request) => throw new InvalidOperationException("a requestor receives no A-ASSOCIATE-RQ");

    void IUpperLayerUser.OnAssociateConfirmation(Pdu.Pdu acceptOrReject) => _confirmation.TrySetResult(acceptOrReject);

    ValueTask IUpperLayerUser.OnDataIndicationAsync(PDataTf pdu) => _messenger.OnDataIndicationAsync(pdu);

    void IUpperLayerUser.OnReleaseIndication() => _ = _machine.ReleaseResponseAsync().AsTask();

    void IUpperLayerUser.OnReleaseConfirmation() => _released.TrySetResult();

    void IUpperLayerUser.OnAbortIndication(AbortSource source, byte reason)
    {
        _confirmation.TrySetResult(new Abort(source, reason));
        _messenger.End();
    }

    void IUpperLayerUser.OnClosed()
    {
        _confirmation.TrySetResult(new Abort(AbortSource.ServiceProvider, 0));
        _messenger.End();
    }
}
