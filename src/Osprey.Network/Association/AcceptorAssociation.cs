using System.Diagnostics;
using System.IO.Pipelines;
using Osprey.Network.Client;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Association;

/// <summary>
/// The acceptor side of one association: answers the A-ASSOCIATE-RQ (called AE title, association
/// limit, presentation contexts, SCP/SCU role selection, asynchronous operations window), reassembles
/// DIMSE messages from P-DATA, hands each request to the service registered for its SOP class, and
/// sends the responses. One instance per TCP connection; it is the local user of its
/// <see cref="UpperLayerMachine"/>.
/// </summary>
public sealed class AcceptorAssociation : IUpperLayerUser, IDimseRequestOwner
{
    private readonly ServiceRegistry _services;
    private readonly Func<AssociateRq, AssociationPeer, AcceptorPolicy> _policyFor;
    private readonly Func<bool> _tryReserveSlot;
    private readonly System.Action _releaseSlot;
    private readonly AssociationPeer _peer;
    private readonly DimseAssembler _assembler = new();
    private readonly Dictionary<byte, AcceptedPresentationContext> _accepted = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _holdsSlot;
    private AssociateRq? _request;
    private AssociationInfo? _info;
    private string? _rejection;
    private string? _user;

    public AcceptorAssociation(ServiceRegistry services, Func<AssociateRq, AssociationPeer, AcceptorPolicy> policyFor, Func<bool> tryReserveSlot, System.Action releaseSlot, AssociationPeer peer)
    {
        _services = services;
        _policyFor = policyFor;
        _tryReserveSlot = tryReserveSlot;
        _releaseSlot = releaseSlot;
        _peer = peer;
    }

    public UpperLayerMachine? Machine { get; set; }

    /// <summary>Called once when the association is over, with a one-line summary for the log.</summary>
    public Action<AssociationSummary>? Ended { get; set; }

    public Pdu.Pdu OnAssociateIndication(AssociateRq request)
    {
        _request = request;
        var policy = _policyFor(request, _peer);
        if (!policy.CalledAeTitles.Contains(request.CalledAeTitle))
            return Reject(new AssociationRejection(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserCalledAeTitleNotRecognized,
                "called AE title not recognized: it is neither the Storage nor the Archive Query AE title"));
        if (policy.Rejection is { } refused)
            return Reject(refused);
        if (request.ApplicationContextName != "1.2.840.10008.3.1.1.1")
            return Reject(new AssociationRejection(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserApplicationContextNameNotSupported,
                $"application context name {request.ApplicationContextName} not supported"));
        if (!_tryReserveSlot())
            return Reject(new AssociationRejection(AssociateRjResult.RejectedTransient, AssociateRjSource.ServiceProviderPresentation, AssociateRjReason.ProviderPresentationLocalLimitExceeded,
                "local limit exceeded: Dicom:MaxAssociations associations are open"));
        _holdsSlot = true;
        _user = policy.User;

        var proposed = request.UserInformation;
        // The roles each SOP class's role selection item proposes (the first item counts); without
        // one the requestor is SCU only. Access control may allow fewer (policy.Roles).
        var proposedRoles = new Dictionary<string, RoleSelection>();
        foreach (var role in proposed.RoleSelections) proposedRoles.TryAdd(role.SopClassUid, role);
        RequestorRoles Allowed(string sopClass) => policy.Roles?.Invoke(sopClass) ?? RequestorRoles.Both;
        // A context is negotiable when a service handles its abstract syntax and the requestor may take
        // at least one role it proposes for it; otherwise abstract-syntax-not-supported (PS3.8 §9.3.3.2),
        // so a device learns what it may not do at negotiation, not in the middle of a transfer.
        IReadOnlyCollection<string>? Negotiable(string sopClass)
        {
            if (_services.TransferSyntaxesFor(sopClass) is not { } syntaxes) return null;
            var allowed = Allowed(sopClass);
            bool scu = proposedRoles.TryGetValue(sopClass, out var item) ? item.ScuRole : true;
            bool scp = item?.ScpRole ?? false;
            return (scu && allowed.HasFlag(RequestorRoles.Scu)) || (scp && allowed.HasFlag(RequestorRoles.Scp)) ? syntaxes : null;
        }
        var contexts = PresentationContextNegotiator.Negotiate(request.PresentationContexts, Negotiable, policy.PreferredTransferSyntax);
        // PS3.7 §D.3.3.4: for a SOP class we serve, each role the requestor proposes is accepted by
        // returning it when allowed: SCU as always, and SCP when it wants our requests of that class
        // (C-GET's C-STORE sub-operations). A role it did not propose stays 0; an item for a SOP class
        // we do not serve is left out (default roles), and none is returned when none was proposed.
        var roles = new List<RoleSelection>();
        foreach (var role in proposedRoles.Values)
        {
            if (_services.TransferSyntaxesFor(role.SopClassUid) == null) continue;
            var allowed = Allowed(role.SopClassUid);
            roles.Add(new RoleSelection(role.SopClassUid, role.ScuRole && allowed.HasFlag(RequestorRoles.Scu), role.ScpRole && allowed.HasFlag(RequestorRoles.Scp)));
        }
        foreach (var ac in contexts.Where(c => c.Result == PresentationContextResult.Acceptance))
        {
            var rq = request.PresentationContexts.First(p => p.Id == ac.Id);
            var role = roles.Find(r => r.SopClassUid == rq.AbstractSyntax);
            // Without a role selection item the requestor is SCU only.
            _accepted[ac.Id] = new AcceptedPresentationContext(ac.Id, rq.AbstractSyntax, ac.TransferSyntax, role?.ScuRole ?? true, role?.ScpRole ?? false);
        }
        Machine!.PeerMaxPduLength = request.UserInformation.MaximumLength;
        // The calling device's timers and PDU limit apply from here on.
        Machine.Options = Machine.Options with { ReceiveTimeout = policy.ReceiveTimeout, SendTimeout = policy.SendTimeout, MaxReceivePduLength = policy.MaxPduLength };
        // PS3.7 §D.3.3.5: the service of each SOP class we accepted answers its extended negotiation.
        var extended = new Dictionary<string, byte[]>();
        foreach (var item in proposed.SopClassExtendedNegotiations)
        {
            if (extended.ContainsKey(item.SopClassUid) || !_accepted.Values.Any(c => c.AbstractSyntax == item.SopClassUid)) continue;
            if (_services.NegotiateExtended(item.SopClassUid, item.ApplicationInformation) is { } answer) extended[item.SopClassUid] = answer;
        }
        _info = new AssociationInfo(request.CallingAeTitle, request.CalledAeTitle, _peer.Address)
        {
            PresentationContexts = [.. _accepted.Values.OrderBy(c => c.Id)],
            ExtendedNegotiation = extended,
        };

        var user = new UserInformation
        {
            MaximumLength = policy.MaxPduLength,
            ImplementationClassUid = OspreyImplementation.ClassUid,
            ImplementationVersionName = OspreyImplementation.VersionName,
            // PS3.7 §D.3.3.3: we perform one operation at a time, whatever the requestor may invoke.
            AsynchronousOperationsWindow = proposed.AsynchronousOperationsWindow != null ? new AsynchronousOperationsWindow(1, 1) : null,
            RoleSelections = roles,
            SopClassExtendedNegotiations = [.. extended.Select(e => new SopClassExtendedNegotiation(e.Key, e.Value))],
            UserIdentityResponse = policy.UserIdentityResponse,
        };
        return new AssociateAc
        {
            CalledAeTitle = request.CalledAeTitle,
            CallingAeTitle = request.CallingAeTitle,
            ApplicationContextName = request.ApplicationContextName,
            PresentationContexts = contexts,
            UserInformation = user,
        };
    }

    private AssociateRj Reject(AssociationRejection rejection)
    {
        _rejection = rejection.Why;
        return new AssociateRj(rejection.Result, rejection.Source, rejection.Reason);
    }

    public void OnAssociateConfirmation(Pdu.Pdu acceptOrReject) { }

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
                await Machine!.AbortAsync();
                return;
            }
            switch (step.Kind)
            {
                case DimseFeedKind.Command:
                    if (!OnCommand(step.Command!, step.PresentationContextId, step.DataSetFollows))
                    {
                        await Machine!.AbortAsync();
                        return;
                    }
                    break;
                case DimseFeedKind.DataFragment:
                    await FeedDataSetAsync(step.Data, step.IsLastFragment);
                    break;
            }
        }
    }

    /// <summary>
    /// Acts on a command as soon as it is assembled: a C-CANCEL-RQ or a response at once, on the loop;
    /// a request by starting its handler off the loop. False when the association must be aborted.
    /// </summary>
    private bool OnCommand(DimseCommand command, byte contextId, bool dataSetFollows)
    {
        var field = command.CommandField;
        if (field == DimseCommandField.CCancelRq)
        {
            Cancel(command.MessageIdBeingRespondedTo!.Value);
            return true;
        }
        if (((ushort)field & 0x8000) != 0)
        {
            // A response to a request of ours (a sub-operation); a data set it may carry is dropped,
            // as _incoming is null between requests.
            Route(command);
            return true;
        }
        return StartRequest(command, contextId, dataSetFollows);
    }

    // ---- requests from the requestor ----

    // The data set of the request in progress flows through this pipe to its service, a PDV at a
    // time: the loop waits when the service is slower than the network (back-pressure to the sender),
    // and the protocol layer never holds the data set whole.
    private Pipe? _incoming;

    // The request whose final response the requestor is waiting for, from its arrival to that response.
    private DimseRequest? _outstanding;

    // The handler task of the latest request: the next request's handler starts after it ends.
    private Task _previous = Task.CompletedTask;

    private bool StartRequest(DimseCommand command, byte contextId, bool dataSetFollows)
    {
        if (!_accepted.TryGetValue(contextId, out var context)) return false;
        // PS3.7 §D.3.3.3: we negotiate one outstanding operation. A requestor that sends a request before
        // the final response to the previous one breaks that; queued behind a running operation, its data
        // set would stall the loop that the running operation needs.
        if (Volatile.Read(ref _outstanding) != null) return false;
        Pipe? pipe = null;
        if (dataSetFollows)
        {
            // 64 KiB segments: a service writing the data set to disk gets few, large writes.
            pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 1 << 16, useSynchronizationContext: false));
            _incoming = pipe;
        }
        // Only C-FIND, C-GET and C-MOVE can be cancelled (PS3.7 §9.3); other requests get the association's token.
        var cancellation = command.CommandField is DimseCommandField.CFindRq or DimseCommandField.CGetRq or DimseCommandField.CMoveRq
            ? CancellationTokenSource.CreateLinkedTokenSource(_ended.Token)
            : null;
        var request = new DimseRequest(command, contextId, context.AbstractSyntax, context.TransferSyntax, _info!, this, pipe?.Reader, cancellation);
        Volatile.Write(ref _outstanding, request);
        // The requestor waits for us until the final response: its silence is no reason to abort.
        Machine!.HoldReceiveTimer();
        var previous = _previous;
        _previous = UpperLayerMachine.RunDetached(() => RunAsync(previous, request, pipe));
        return true;
    }

    private async Task RunAsync(Task previous, DimseRequest request, Pipe? pipe)
    {
        try
        {
            // Handlers run one after another, in the order their requests arrived.
            if (!previous.IsCompleted) await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await DispatchAsync(request);
        }
        catch (Exception)
        {
            // A service that fails without answering ends the association: the peer must not wait
            // forever. (One that fails because the association ended has nobody left to tell.)
            if (!_ended.IsCancellationRequested)
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
            Finish(request);
            request.Cancellation?.Dispose();
            if (pipe != null) await pipe.Reader.CompleteAsync();
        }
    }

    private async Task DispatchAsync(DimseRequest request)
    {
        var command = request.Command;
        if (!_accepted[request.PresentationContextId].RequestorIsScu)
        {
            // PS3.7 §D.3.3.4: on this context the requestor was given the SCP role only (it may take
            // our requests, not send its own): refused as not authorized (PS3.7 Annex C, 0124H).
            var field = (DimseCommandField)((ushort)command.CommandField | 0x8000);
            await request.RespondAsync(DimseCommand.Response(command, field, DimseStatus.NotAuthorized));
            return;
        }
        var service = _services.Find(request.AbstractSyntax, command.CommandField);
        if (service == null)
        {
            // PS3.7 §C.4.2: a command the SOP class does not support on this context.
            var field = (DimseCommandField)((ushort)command.CommandField | 0x8000);
            await request.RespondAsync(DimseCommand.Response(command, field, DimseStatus.UnrecognizedOperation));
            return;
        }
        await service.HandleAsync(request, request.Cancellation?.Token ?? _ended.Token);
    }

    async Task IDimseRequestOwner.RespondAsync(DimseRequest request, DimseCommand response, ReadOnlyMemory<byte>? dataSet)
    {
        // Answering means the service is done with the request's data set: stop feeding it, so the
        // loop is free to send the response even if the service did not read everything.
        if (request.DataSet != null) await request.DataSet.CompleteAsync();
        if (response.HasDataSet != dataSet.HasValue) response.HasDataSet = dataSet.HasValue;
        // Before the response leaves: the requestor may send its next request as soon as it has it.
        if (response.Status is not { } status || DimseStatus.IsFinal(status)) Finish(request);
        await SendAsync(request.PresentationContextId, response, dataSet);
    }

    /// <summary>The request is over for the requestor: a new one may come, and the receive timer runs again.</summary>
    private void Finish(DimseRequest request)
    {
        if (!request.TryFinish()) return;
        Interlocked.CompareExchange(ref _outstanding, null, request);
        Machine!.ReleaseReceiveTimer();
    }

    /// <summary>
    /// C-CANCEL-RQ (PS3.7 §9.3.2.3, §9.3.3.3, §9.3.4.3): cancels the running request it names. One for
    /// a message that is not outstanding (answered already, or never sent) is ignored.
    /// </summary>
    private void Cancel(ushort messageId)
    {
        if (Volatile.Read(ref _outstanding) is not { Cancellation: { } cancellation } running || running.Command.MessageId != messageId) return;
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

    private async Task FeedDataSetAsync(ReadOnlyMemory<byte> data, bool last)
    {
        if (_incoming is not { } pipe) return;
        // When the service has stopped reading (it answered already), the rest is dropped.
        await pipe.Writer.WriteAsync(data);
        if (!last) return;
        await pipe.Writer.CompleteAsync();
        _incoming = null;
    }

    // ---- requests to the requestor (sub-operations) ----

    private readonly Dictionary<ushort, TaskCompletionSource<DimseCommand>> _awaiting = [];
    private bool _closed;
    private int _lastMessageId;

    async Task<DimseCommand> IDimseRequestOwner.SendRequestAsync(DimseRequest origin, byte presentationContextId, DimseCommand request, Stream? dataSet, CancellationToken cancellationToken)
    {
        if (!_accepted.ContainsKey(presentationContextId))
            throw new ArgumentException($"presentation context {presentationContextId} is not accepted on this association", nameof(presentationContextId));
        if (!request.CommandField.IsRequest() || request.CommandField == DimseCommandField.CCancelRq)
            throw new ArgumentException($"{request.CommandField.ToText()} is not a request that is answered", nameof(request));
        ushort messageId = NextMessageId();
        request.MessageId = messageId;
        request.HasDataSet = dataSet != null;
        var response = new TaskCompletionSource<DimseCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_awaiting)
        {
            if (_closed) throw new AssociationAbortedException($"the association has ended ({Machine!.Outcome})");
            _awaiting.Add(messageId, response);
        }
        bool waitingForPeer = false;
        try
        {
            await SendMessageAsync(presentationContextId, request, dataSet);
            // Now we wait for the requestor: its receive timer applies again until it answers.
            if (!origin.IsFinished)
            {
                Machine!.ReleaseReceiveTimer();
                waitingForPeer = true;
            }
            return await response.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            if (waitingForPeer && !origin.IsFinished) Machine!.HoldReceiveTimer();
            lock (_awaiting) _awaiting.Remove(messageId);
        }
    }

    /// <summary>
    /// Sends a request of ours, its data set streamed from <paramref name="dataSet"/>. A data set that
    /// fails to read half-way leaves a message that cannot be finished: the association is aborted.
    /// </summary>
    private async Task SendMessageAsync(byte contextId, DimseCommand command, Stream? dataSet)
    {
        var bytes = command.Encode();
        await _sending.WaitAsync();
        bool commandSent = false;
        try
        {
            await PDataSender.SendAsync(Machine!, contextId, true, bytes);
            commandSent = true;
            if (dataSet != null) await PDataSender.SendAsync(Machine!, contextId, dataSet);
        }
        catch (InvalidOperationException e)
        {
            throw new AssociationAbortedException($"the association ended before the {command.CommandField.ToText()} was sent: {e.Message}");
        }
        catch (Exception) when (commandSent)
        {
            try
            {
                await Machine!.AbortAsync();
            }
            catch (InvalidOperationException)
            {
                // the association has ended already
            }
            throw;
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>A Message ID for a request of ours, unique among those outstanding (PS3.7 §9.3.1.1); never 0.</summary>
    private ushort NextMessageId()
    {
        while (true)
        {
            ushort id = (ushort)Interlocked.Increment(ref _lastMessageId);
            if (id == 0) continue;
            lock (_awaiting)
            {
                if (!_awaiting.ContainsKey(id)) return id;
            }
        }
    }

    /// <summary>A response from the requestor completes the request of ours it answers; pending ones and strays are passed over.</summary>
    private void Route(DimseCommand response)
    {
        if (response.Status is { } status && !DimseStatus.IsFinal(status)) return;
        TaskCompletionSource<DimseCommand>? waiter;
        lock (_awaiting) _awaiting.Remove(response.MessageIdBeingRespondedTo!.Value, out waiter);
        waiter?.TrySetResult(response);
    }

    // One message at a time goes out, its command then its data set (PS3.8 Annex E: messages are not
    // interleaved), whichever task sends it. Uncontended, taking it neither allocates nor waits.
    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>Sends a command, and a data set when given, in PDVs that fit the peer's maximum length.</summary>
    public async Task SendAsync(byte contextId, DimseCommand command, ReadOnlyMemory<byte>? dataSet)
    {
        var rsp = command.Encode();
        await _sending.WaitAsync();
        try
        {
            await PDataSender.SendAsync(Machine!, contextId, true, rsp);
            if (dataSet is { } data) await PDataSender.SendAsync(Machine!, contextId, false, data);
        }
        finally
        {
            _sending.Release();
        }
    }

    // ---- the end ----

    /// <summary>Cancelled when the association ends: every handler's token derives from it.</summary>
    private readonly CancellationTokenSource _ended = new();

    private void End()
    {
        if (_ended.IsCancellationRequested) return;
        // Callbacks run off the loop.
        _ = _ended.CancelAsync();
        List<TaskCompletionSource<DimseCommand>> waiting;
        lock (_awaiting)
        {
            _closed = true;
            waiting = [.. _awaiting.Values];
            _awaiting.Clear();
        }
        foreach (var waiter in waiting)
            waiter.TrySetException(new AssociationAbortedException($"the association ended ({Machine?.Outcome ?? "closed"}) before the response arrived"));
    }

    public void OnReleaseIndication()
    {
        // A release ends the association: nothing more can be sent on it after our answer.
        End();
        _ = Machine!.ReleaseResponseAsync().AsTask();
    }

    public void OnReleaseConfirmation() { }

    public void OnAbortIndication(AbortSource source, byte reason) => End();

    public void OnClosed()
    {
        End();
        // A data set cut off by an abort or a dropped connection is incomplete: the service must not
        // keep waiting for it, nor store it.
        _incoming?.Writer.Complete(new OperationCanceledException("the association ended before the data set was complete"));
        _incoming = null;
        if (_holdsSlot) _releaseSlot();
        _holdsSlot = false;
        Ended?.Invoke(new AssociationSummary(
            _peer.Address,
            _request?.CallingAeTitle ?? "",
            _request?.CalledAeTitle ?? "",
            _accepted.Values.Select(c => c.AbstractSyntax).Distinct().ToList(),
            _clock.Elapsed,
            Machine?.Outcome ?? "closed")
        {
            Tls = _peer.Tls,
            User = _user,
            Rejection = _rejection,
        });
    }
}

/// <summary>One line per association for the log: who, what was accepted, how long, how it ended.</summary>
public sealed record AssociationSummary(string RemoteAddress, string CallingAeTitle, string CalledAeTitle, IReadOnlyList<string> AcceptedAbstractSyntaxes, TimeSpan Duration, string Outcome)
{
    /// <summary>The TLS protocol and cipher suite the association ran over, or null for plain TCP.</summary>
    public string? Tls { get; init; }

    /// <summary>The user it was accepted for (User Identity negotiation), or null.</summary>
    public string? User { get; init; }

    /// <summary>Why it was rejected, in words, when it was; null otherwise.</summary>
    public string? Rejection { get; init; }
}
