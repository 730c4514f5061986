using System.Net.Sockets;
using System.Threading.Channels;
using Osprey.Network.Association;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Client;

/// <summary>
/// The requestor side of an association (Osprey as SCU): connect and negotiate, send requests and
/// receive their responses, release or abort. Used by <c>osprey echo</c>, and later by C-MOVE
/// sub-operations, forwarding and remote queries.
/// </summary>
public sealed class ClientAssociation : IUpperLayerUser, IAsyncDisposable
{
    private readonly ClientOptions _options;
    private readonly UpperLayerMachine _machine;
    private readonly TaskCompletionSource<Pdu.Pdu> _confirmation = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<DimseCommand> _responses = Channel.CreateUnbounded<DimseCommand>();
    private readonly DimseAssembler _assembler = new();
    private ushort _nextMessageId = 1;

    private ClientAssociation(ClientOptions options)
    {
        _options = options;
        _machine = UpperLayerMachine.ForRequestor(ConnectAsync, this, options.Timers with { MaxReceivePduLength = options.MaxPduLength });
        if (options.Trace is { } trace)
            _machine.Transition = (from, evt, action, to) => trace($"{from} + {evt} -> {(action?.ToString() ?? "(empty cell)")} -> {to}");
    }

    /// <summary>The peer's A-ASSOCIATE-AC.</summary>
    public AssociateAc Accepted { get; private set; } = null!;

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
                association._machine.PeerMaxPduLength = ac.UserInformation.MaximumLength;
                return association;
            case AssociateRj rj:
                throw new AssociationRejectedException(rj);
            default:
                throw new AssociationAbortedException(association._machine.Outcome);
        }
    }

    private async Task<Stream> ConnectAsync(CancellationToken token)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, token);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        return client.GetStream();
    }

    /// <summary>The accepted presentation context for an abstract syntax, or null.</summary>
    public PresentationContextAc? ContextFor(string abstractSyntax)
    {
        var proposed = _options.Proposals.Select((p, i) => (Id: (byte)(1 + 2 * i), p.AbstractSyntax));
        var ids = proposed.Where(p => p.AbstractSyntax == abstractSyntax).Select(p => p.Id).ToHashSet();
        return Accepted.PresentationContexts.FirstOrDefault(c => ids.Contains(c.Id) && c.Result == PresentationContextResult.Acceptance);
    }

    /// <summary>C-ECHO (PS3.7 §9.1.5): returns the response's status.</summary>
    public async Task<ushort> EchoAsync()
    {
        var responses = await SendRequestAsync("1.2.840.10008.1.1", DimseCommand.CEchoRq(NextMessageId()), (Stream?)null);
        return responses[^1].Status ?? throw new AssociationAbortedException("the C-ECHO response has no status");
    }

    public ushort NextMessageId() => _nextMessageId++;

    /// <summary>Sends a request on the context of its SOP class and collects responses until a final (non-pending) one.</summary>
    public Task<IReadOnlyList<DimseCommand>> SendRequestAsync(string abstractSyntax, DimseCommand request, ReadOnlyMemory<byte>? dataSet)
        => SendRequestAsync(abstractSyntax, request, dataSet is { } d ? new MemoryStream(d.ToArray(), writable: false) : null);

    /// <summary>
    /// Sends a request with a data set streamed from <paramref name="dataSet"/> (already encoded in the
    /// accepted transfer syntax; never read whole into memory), then collects the responses.
    /// </summary>
    public async Task<IReadOnlyList<DimseCommand>> SendRequestAsync(string abstractSyntax, DimseCommand request, Stream? dataSet)
    {
        var context = ContextFor(abstractSyntax) ?? throw new InvalidOperationException($"the peer accepted no presentation context for {abstractSyntax}");
        request.HasDataSet = dataSet != null;
        await SendFragmentsAsync(context.Id, true, request.Encode());
        if (dataSet != null)
        {
            try
            {
                await PDataSender.SendAsync(_machine, context.Id, dataSet);
            }
            catch (InvalidOperationException e)
            {
                throw new AssociationAbortedException(e.Message);
            }
        }
        var responses = new List<DimseCommand>();
        while (true)
        {
            using var timeout = _options.ResponseTimeout is { } t && t > TimeSpan.Zero ? new CancellationTokenSource(t) : new CancellationTokenSource();
            DimseCommand response;
            try
            {
                response = await _responses.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                await AbortAsync();
                throw new AssociationAbortedException("no response within the wait timer");
            }
            catch (ChannelClosedException)
            {
                throw new AssociationAbortedException(_machine.Outcome);
            }
            responses.Add(response);
            if (response.Status is not { } status || DimseStatus.Categorize(status) != DimseStatusCategory.Pending) return responses;
        }
    }

    private async Task SendFragmentsAsync(byte contextId, bool isCommand, ReadOnlyMemory<byte> message)
    {
        try
        {
            await PDataSender.SendAsync(_machine, contextId, isCommand, message);
        }
        catch (InvalidOperationException e)
        {
            throw new AssociationAbortedException(e.Message);
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
            if (step.CompletesMessage) _responses.Writer.TryWrite(step.Command!);
        }
        return ValueTask.CompletedTask;
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
    }
}
