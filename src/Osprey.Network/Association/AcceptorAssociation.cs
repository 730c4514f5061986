using System.Diagnostics;
using Osprey.Network.Client;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Association;

/// <summary>
/// The acceptor side of one association: answers the A-ASSOCIATE-RQ (<see cref="AcceptorNegotiation"/>,
/// with the association limit), hands each request the <see cref="DimseMessenger"/> assembles to the
/// service registered for its SOP class, one at a time and off the loop, and sends what the services
/// answer. One instance per transport connection; it is the local user of its <see cref="UpperLayerMachine"/>.
/// </summary>
public sealed class AcceptorAssociation : IUpperLayerUser, IDimseRequestOwner, IDimseMessageHandler
{
    private readonly ServiceRegistry _services;
    private readonly Func<AssociateRq, AssociationPeer, AcceptorPolicy> _policyFor;
    private readonly Func<bool> _tryReserveSlot;
    private readonly System.Action _releaseSlot;
    private readonly AssociationPeer _peer;
    private readonly Dictionary<byte, AcceptedPresentationContext> _accepted = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private UpperLayerMachine? _machine;
    private DimseMessenger? _messenger;
    private bool _holdsSlot;
    private AssociateRq? _request;
    private AssociationInfo? _info;
    private string? _rejection;
    private string? _user;
    private volatile bool _closed;

    // The request whose final response the requestor waits for, and the handler task of the latest
    // request: the next request's handler starts after it ends.
    private DimseRequest? _running;
    private readonly List<KeyValuePair<DimseCommandField, int>> _requestCounts = [];
    private Task _previous = Task.CompletedTask;

    public AcceptorAssociation(ServiceRegistry services, Func<AssociateRq, AssociationPeer, AcceptorPolicy> policyFor, Func<bool> tryReserveSlot, System.Action releaseSlot, AssociationPeer peer)
    {
        _services = services;
        _policyFor = policyFor;
        _tryReserveSlot = tryReserveSlot;
        _releaseSlot = releaseSlot;
        _peer = peer;
    }

    public UpperLayerMachine? Machine
    {
        get => _machine;
        set
        {
            _machine = value;
            _messenger = value is null ? null : new DimseMessenger(value, this);
        }
    }

    /// <summary>The peer of the transport connection.</summary>
    public AssociationPeer Peer => _peer;

    /// <summary>When the transport connection was accepted.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The A-ASSOCIATE-RQ's calling and called AE titles (PS3.8 §9.3.2), null until it is read.</summary>
    public string? CallingAeTitle => Volatile.Read(ref _request)?.CallingAeTitle;

    /// <inheritdoc cref="CallingAeTitle"/>
    public string? CalledAeTitle => Volatile.Read(ref _request)?.CalledAeTitle;

    /// <summary>Whether the association was accepted (and has not ended).</summary>
    public bool IsEstablished => Volatile.Read(ref _info) != null && !_closed;

    /// <summary>Called once when the association is over, with a one-line summary for the log.</summary>
    public Action<AssociationSummary>? Ended { get; set; }

    private DimseMessenger Messenger => _messenger ?? throw new InvalidOperationException("the association has no machine");

    public Pdu.Pdu OnAssociateIndication(AssociateRq request)
    {
        _request = request;
        var policy = _policyFor(request, _peer);
        if (AcceptorNegotiation.Refusal(request, policy) is { } refused) return Reject(refused);
        if (!_tryReserveSlot()) return Reject(AcceptorNegotiation.LimitExceeded);
        _holdsSlot = true;
        _user = policy.User;

        var agreement = AcceptorNegotiation.Accept(request, policy, _services, OspreyImplementation.ClassUid, OspreyImplementation.VersionName);
        foreach (var context in agreement.Contexts) _accepted[context.Id] = context;
        Machine!.PeerMaxPduLength = request.UserInformation.MaximumLength;
        // The calling device's timers and PDU limit apply from here on.
        Machine.Options = Machine.Options with { ReceiveTimeout = policy.ReceiveTimeout, SendTimeout = policy.SendTimeout, MaxReceivePduLength = policy.MaxPduLength };
        _info = new AssociationInfo(request.CallingAeTitle, request.CalledAeTitle, _peer.Address)
        {
            PresentationContexts = agreement.Contexts,
            ExtendedNegotiation = agreement.ExtendedNegotiation,
        };
        return agreement.Accept;
    }

    private AssociateRj Reject(AssociationRejection rejection)
    {
        _rejection = rejection.Why;
        return new AssociateRj(rejection.Result, rejection.Source, rejection.Reason);
    }

    public void OnAssociateConfirmation(Pdu.Pdu acceptOrReject) { }

    public ValueTask OnDataIndicationAsync(PDataTf pdu) => Messenger.OnDataIndicationAsync(pdu);

    // ---- requests from the requestor ----

    bool IDimseMessageHandler.OnRequest(IncomingRequest incoming)
    {
        if (!_accepted.TryGetValue(incoming.PresentationContextId, out var context)) return false;
        var command = incoming.Command;
        Count(command.CommandField);
        // Only C-FIND, C-GET and C-MOVE can be cancelled (PS3.7 §9.3); other requests get the association's token.
        var cancellation = command.CommandField is DimseCommandField.CFindRq or DimseCommandField.CGetRq or DimseCommandField.CMoveRq
            ? CancellationTokenSource.CreateLinkedTokenSource(Messenger.Ended)
            : null;
        var request = new DimseRequest(incoming, context.AbstractSyntax, context.TransferSyntax, _info!, this, cancellation);
        Volatile.Write(ref _running, request);
        var previous = _previous;
        _previous = UpperLayerMachine.RunDetached(() => RunAsync(previous, request, context));
        return true;
    }

    /// <summary>Counts one request of <paramref name="field"/> (the loop is the only caller).</summary>
    private void Count(DimseCommandField field)
    {
        int i = _requestCounts.FindIndex(c => c.Key == field);
        if (i < 0) _requestCounts.Add(new(field, 1));
        else _requestCounts[i] = new(field, _requestCounts[i].Value + 1);
    }

    /// <summary>
    /// C-CANCEL-RQ (PS3.7 §9.3.2.3, §9.3.3.3, §9.3.4.3): cancels the running request it names. One for
    /// a message that is not running (answered already, or never sent) is ignored.
    /// </summary>
    void IDimseMessageHandler.OnCancel(ushort messageId)
    {
        if (Volatile.Read(ref _running) is not { Cancellation: { } cancellation } running || running.Command.MessageId != messageId || running.IsFinished) return;
        try
        {
            // The service's cancellation callbacks run off the loop, which goes on reading.
            _ = cancellation.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // the request ended meanwhile
        }
    }

    private async Task RunAsync(Task previous, DimseRequest request, AcceptedPresentationContext context)
    {
        try
        {
            // Handlers run one after another, in the order their requests arrived.
            if (!previous.IsCompleted) await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await DispatchAsync(request, context);
        }
        catch (Exception)
        {
            // A service that fails without answering ends the association: the peer must not wait
            // forever. (One that fails because the association ended has nobody left to tell.)
            if (!Messenger.Ended.IsCancellationRequested)
            {
                try
                {
                    await Machine!.AbortAsync();
                }
                catch (InvalidOperationException)
                {
                    // the association has ended meanwhile
                }
            }
        }
        finally
        {
            Messenger.Finish(request.Incoming!);
            request.Cancellation?.Dispose();
            if (request.DataSet != null) await request.DataSet.CompleteAsync();
        }
    }

    private async Task DispatchAsync(DimseRequest request, AcceptedPresentationContext context)
    {
        var command = request.Command;
        // PS3.7 §D.3.3.4: on a context where the requestor was given the SCP role only (it may take our
        // requests, not send its own), a request is refused as not authorized (PS3.7 Annex C, 0124H).
        ushort? refusal = !context.RequestorIsScu ? DimseStatus.NotAuthorized : null;
        var service = refusal == null ? _services.Find(request.AbstractSyntax, command.CommandField) : null;
        if (service == null)
        {
            // PS3.7 §C.4.2: a command the SOP class does not support on this context.
            var field = (DimseCommandField)((ushort)command.CommandField | 0x8000);
            await request.RespondAsync(DimseCommand.Response(command, field, refusal ?? DimseStatus.UnrecognizedOperation));
            return;
        }
        await service.HandleAsync(request, request.Cancellation?.Token ?? Messenger.Ended);
    }

    Task IDimseRequestOwner.RespondAsync(DimseRequest request, DimseCommand response, ReadOnlyMemory<byte>? dataSet)
        => Messenger.RespondAsync(request.Incoming!, response, dataSet);

    async Task<DimseCommand> IDimseRequestOwner.SendRequestAsync(DimseRequest origin, byte presentationContextId, DimseCommand request, Stream? dataSet, CancellationToken cancellationToken)
    {
        if (!_accepted.ContainsKey(presentationContextId))
            throw new ArgumentException($"presentation context {presentationContextId} is not accepted on this association", nameof(presentationContextId));
        // A fresh Message ID, unique on the association, replaces the request's.
        request.MessageId = null;
        var responses = await Messenger.SendRequestAsync(presentationContextId, request, dataSet, origin.Incoming, responseTimeout: null, cancellationToken);
        return responses[^1].Command;
    }

    // ---- the end ----

    public void OnReleaseIndication()
    {
        // A release ends the association: nothing more can be sent on it after our answer.
        _messenger?.End();
        _ = Machine!.ReleaseResponseAsync().AsTask();
    }

    public void OnReleaseConfirmation() { }

    public void OnAbortIndication(AbortSource source, byte reason) => _messenger?.End();

    public void OnClosed()
    {
        // A data set cut off by an abort or a dropped connection is incomplete: the service must not
        // keep waiting for it, nor store it.
        _messenger?.End();
        _closed = true;
        if (_holdsSlot) _releaseSlot();
        _holdsSlot = false;
        Ended?.Invoke(new AssociationSummary(
            _peer.Address,
            _request?.CallingAeTitle ?? "",
            _request?.CalledAeTitle ?? "",
            _accepted.Values.Select(c => c.AbstractSyntax).Distinct().ToList(),
            _clock.Elapsed,
            Machine?.Outcome.ToString() ?? "closed")
        {
            AssociationOutcome = Machine?.Outcome,
            Tls = _peer.Tls,
            User = _user,
            Rejection = _rejection,
            Requests = [.. _requestCounts],
        });
    }
}
