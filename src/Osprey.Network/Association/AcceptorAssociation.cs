using System.Diagnostics;
using System.IO.Pipelines;
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
public sealed class AcceptorAssociation : IUpperLayerUser
{
    private readonly ServiceRegistry _services;
    private readonly Func<AssociateRq, AcceptorPolicy> _policyFor;
    private readonly Func<bool> _tryReserveSlot;
    private readonly System.Action _releaseSlot;
    private readonly string _remoteAddress;
    private readonly DimseAssembler _assembler = new();
    private readonly Dictionary<byte, (string AbstractSyntax, string TransferSyntax)> _accepted = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _holdsSlot;
    private AssociateRq? _request;
    private AssociationInfo? _info;

    public AcceptorAssociation(ServiceRegistry services, Func<AssociateRq, AcceptorPolicy> policyFor, Func<bool> tryReserveSlot, System.Action releaseSlot, string remoteAddress)
    {
        _services = services;
        _policyFor = policyFor;
        _tryReserveSlot = tryReserveSlot;
        _releaseSlot = releaseSlot;
        _remoteAddress = remoteAddress;
    }

    public UpperLayerMachine? Machine { get; set; }

    /// <summary>Called once when the association is over, with a one-line summary for the log.</summary>
    public Action<AssociationSummary>? Ended { get; set; }

    public Pdu.Pdu OnAssociateIndication(AssociateRq request)
    {
        _request = request;
        var policy = _policyFor(request);
        if (!policy.CalledAeTitles.Contains(request.CalledAeTitle))
            return Reject(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserCalledAeTitleNotRecognized);
        if (request.ApplicationContextName != "1.2.840.10008.3.1.1.1")
            return Reject(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserApplicationContextNameNotSupported);
        if (!_tryReserveSlot())
            return Reject(AssociateRjResult.RejectedTransient, AssociateRjSource.ServiceProviderPresentation, AssociateRjReason.ProviderPresentationLocalLimitExceeded);
        _holdsSlot = true;

        var contexts = PresentationContextNegotiator.Negotiate(request.PresentationContexts, _services.TransferSyntaxesFor, policy.PreferredTransferSyntax);
        foreach (var ac in contexts.Where(c => c.Result == PresentationContextResult.Acceptance))
        {
            var rq = request.PresentationContexts.First(p => p.Id == ac.Id);
            _accepted[ac.Id] = (rq.AbstractSyntax, ac.TransferSyntax);
        }
        Machine!.PeerMaxPduLength = request.UserInformation.MaximumLength;
        // The calling device's timers and PDU limit apply from here on.
        Machine.Options = Machine.Options with { ReceiveTimeout = policy.ReceiveTimeout, SendTimeout = policy.SendTimeout, MaxReceivePduLength = policy.MaxPduLength };
        _info = new AssociationInfo(request.CallingAeTitle, request.CalledAeTitle, _remoteAddress);

        var proposed = request.UserInformation;
        var user = new UserInformation
        {
            MaximumLength = policy.MaxPduLength,
            ImplementationClassUid = OspreyImplementation.ClassUid,
            ImplementationVersionName = OspreyImplementation.VersionName,
            // PS3.7 §D.3.3.3: we perform one operation at a time, whatever the requestor may invoke.
            AsynchronousOperationsWindow = proposed.AsynchronousOperationsWindow != null ? new AsynchronousOperationsWindow(1, 1) : null,
            // PS3.7 §D.3.3.4: for each SOP class we serve, the requestor may act as SCU; Osprey does not
            // act as SCU towards it on this association (that comes with C-GET).
            RoleSelections = proposed.RoleSelections
                .Where(r => _services.TransferSyntaxesFor(r.SopClassUid) != null)
                .Select(r => new RoleSelection(r.SopClassUid, r.ScuRole, false)).ToList(),
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

    private Pdu.Pdu Reject(AssociateRjResult result, AssociateRjSource source, byte reason) => new AssociateRj(result, source, reason);

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
                case DimseFeedKind.Command when step.DataSetFollows:
                    StartWithDataSet(step.Command!, step.PresentationContextId);
                    break;
                case DimseFeedKind.Command:
                    await DispatchAsync(step.Command!, step.PresentationContextId, null);
                    break;
                case DimseFeedKind.DataFragment:
                    await FeedDataSetAsync(step.Data, step.IsLastFragment);
                    break;
            }
        }
    }

    // The data set of the request in progress flows through this pipe to its service, a PDV at a
    // time: the loop waits when the service is slower than the network (back-pressure to the sender),
    // and the protocol layer never holds the data set whole.
    private Pipe? _incoming;

    private void StartWithDataSet(DimseCommand command, byte contextId)
    {
        // 64 KiB segments: a service writing the data set to disk gets few, large writes.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, minimumSegmentSize: 1 << 16, useSynchronizationContext: false));
        _incoming = pipe;
        _ = Task.Run(async () =>
        {
            try
            {
                await DispatchAsync(command, contextId, pipe.Reader);
            }
            catch (Exception)
            {
                // A service that fails without answering ends the association: the peer must not wait forever.
                await Machine!.AbortAsync();
            }
            finally
            {
                await pipe.Reader.CompleteAsync();
            }
        });
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

    private async Task DispatchAsync(DimseCommand command, byte contextId, PipeReader? dataSet)
    {
        // Nothing runs long enough to cancel yet; responses are never answered (PS3.7 §9.3).
        if (command.CommandField == DimseCommandField.CCancelRq || command.CommandField.IsResponse() || ((ushort)command.CommandField & 0x8000) != 0) return;
        if (!_accepted.TryGetValue(contextId, out var context))
        {
            await Machine!.AbortAsync();
            return;
        }
        var service = _services.Find(context.AbstractSyntax, command.CommandField);
        var request = new DimseRequest(command, contextId, context.AbstractSyntax, context.TransferSyntax, _info!, async (rsp, data) =>
        {
            // Answering means the service is done with the request's data set: stop feeding it, so the
            // loop is free to send the response even if the service did not read everything.
            if (dataSet != null) await dataSet.CompleteAsync();
            await SendAsync(contextId, rsp, data);
        }, dataSet);
        if (service == null)
        {
            // PS3.7 §C.4.2: a command the SOP class does not support on this context.
            var field = (DimseCommandField)((ushort)command.CommandField | 0x8000);
            await request.RespondAsync(DimseCommand.Response(command, field, DimseStatus.UnrecognizedOperation));
            return;
        }
        await service.HandleAsync(request, CancellationToken.None);
    }

    /// <summary>Sends a command, and a data set when given, in PDVs that fit the peer's maximum length.</summary>
    public async Task SendAsync(byte contextId, DimseCommand command, ReadOnlyMemory<byte>? dataSet)
    {
        var rsp = command.Encode();
        await PDataSender.SendAsync(Machine!, contextId, true, rsp);
        if (dataSet is { } data) await PDataSender.SendAsync(Machine!, contextId, false, data);
    }

    public void OnReleaseIndication() => _ = Machine!.ReleaseResponseAsync().AsTask();

    public void OnReleaseConfirmation() { }

    public void OnAbortIndication(AbortSource source, byte reason) { }

    public void OnClosed()
    {
        // A data set cut off by an abort or a dropped connection is incomplete: the service must not
        // keep waiting for it, nor store it.
        _incoming?.Writer.Complete(new OperationCanceledException("the association ended before the data set was complete"));
        _incoming = null;
        if (_holdsSlot) _releaseSlot();
        _holdsSlot = false;
        Ended?.Invoke(new AssociationSummary(
            _remoteAddress,
            _request?.CallingAeTitle ?? "",
            _request?.CalledAeTitle ?? "",
            _accepted.Values.Select(c => c.AbstractSyntax).Distinct().ToList(),
            _clock.Elapsed,
            Machine?.Outcome ?? "closed"));
    }
}

/// <summary>One line per association for the log: who, what was accepted, how long, how it ended.</summary>
public sealed record AssociationSummary(string RemoteAddress, string CallingAeTitle, string CalledAeTitle, IReadOnlyList<string> AcceptedAbstractSyntaxes, TimeSpan Duration, string Outcome);
