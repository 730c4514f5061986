using Osprey.Network.Pdu;
using static Osprey.Network.UpperLayer.ProtocolAction;

namespace Osprey.Network.UpperLayer;

/// <summary>
/// The actions of the machine (PS3.8 §9.2, Tables 9-6 to 9-9), each with the event Table 9-10 pairs it
/// with, in the standard's order. The next state has been entered already (see <c>HandleAsync</c>).
/// </summary>
public sealed partial class UpperLayerMachine
{
    private async Task ExecuteAsync(ProtocolAction action, UpperLayerEvent evt)
    {
        switch (action, evt)
        {
            // ---- Table 9-6: association establishment ----
            case (AE1, AssociateRequest rq):
                await TransportConnectAsync(rq.Request);
                return;
            case (AE2, _):
                await SendAsync(PduWriter.Write(_pendingRequest!));
                _pendingRequest = null;
                StartReader();
                StartConnectTimer();
                return;
            case (AE3, AssociateAcReceived ac):
                StopConnectTimer();
                _user.OnAssociateConfirmation(ac.Pdu);
                return;
            case (AE4, AssociateRjReceived rj):
                StopConnectTimer();
                Outcome = new AssociationOutcome.Rejected(ByPeer: true, rj.Pdu.Result, rj.Pdu.Source, rj.Pdu.Reason);
                _user.OnAssociateConfirmation(rj.Pdu);
                Close();
                return;
            case (AE5, _):
                StartArtim();
                StartReader();
                return;
            case (AE6, AssociateRqReceived rq):
                StopArtim();
                if (ProviderRejection(rq.Pdu) is { } rejection)
                {
                    Outcome = new AssociationOutcome.Rejected(ByPeer: false, rejection.Result, rejection.Source, rejection.Reason);
                    await SendAsync(PduWriter.Write(rejection));
                    StartArtim();
                    return;
                }
                var response = _user.OnAssociateIndication(rq.Pdu);
                await HandleAsync(response switch
                {
                    AssociateAc ac => new AssociateAccept(ac),
                    AssociateRj rj => new AssociateReject(rj),
                    _ => throw new InvalidOperationException($"the A-ASSOCIATE response is an A-ASSOCIATE-AC or -RJ, not {response.Type}"),
                });
                return;
            case (AE7, AssociateAccept accept):
                await SendAsync(PduWriter.Write(accept.Response));
                return;
            case (AE8, AssociateReject reject):
                Outcome = new AssociationOutcome.Rejected(ByPeer: false, reject.Response.Result, reject.Response.Source, reject.Response.Reason);
                await SendAsync(PduWriter.Write(reject.Response));
                StartArtim();
                return;

            // ---- Table 9-7: data transfer ----
            case (DT1, PDataRequest p):
                await SendAsync(p.PDataTf);
                return;
            case (DT2, PDataTfReceived p):
                await _user.OnDataIndicationAsync(p.Pdu);
                return;

            // ---- Table 9-8: association release ----
            case (AR1, _):
                await SendAsync(PduWriter.Write(new ReleaseRq()));
                return;
            case (AR2, _):
                _user.OnReleaseIndication();
                return;
            case (AR3, _):
                Outcome = new AssociationOutcome.Released();
                _user.OnReleaseConfirmation();
                Close();
                return;
            case (AR4, _):
                Outcome = new AssociationOutcome.Released();
                await SendAsync(PduWriter.Write(new ReleaseRp()));
                StartArtim();
                return;
            case (AR5, _):
                StopArtim();
                Close();
                return;
            case (AR6, PDataTfReceived p):
                await _user.OnDataIndicationAsync(p.Pdu);
                return;
            case (AR7, PDataRequest p):
                await SendAsync(p.PDataTf);
                return;
            case (AR8, _):
                _user.OnReleaseIndication();
                return;
            case (AR9, _):
                await SendAsync(PduWriter.Write(new ReleaseRp()));
                return;
            case (AR10, _):
                _user.OnReleaseConfirmation();
                return;

            // ---- Table 9-9: association abort ----
            case (AA1, _):
                {
                    var abort = AbortFor(evt);
                    Outcome = abort.Outcome;
                    await TrySendAsync(PduWriter.Write(new Abort(abort.Source, abort.Reason)));
                    StartArtim();
                    return;
                }
            case (AA2, _):
                StopArtim();
                if (Outcome is AssociationOutcome.Open)
                {
                    Outcome = evt switch
                    {
                        AbortReceived abort => PeerAbort(abort.Pdu, "aborted by peer"),
                        AbortRequest request => request.Outcome,
                        _ => new AssociationOutcome.TimedOut(UpperLayerTimer.Artim),
                    };
                }
                Close();
                return;
            case (AA3, AbortReceived abort):
                Outcome = PeerAbort(abort.Pdu, $"aborted by peer ({(abort.Pdu.Source == AbortSource.ServiceUser ? "service user" : "service provider")}, reason {abort.Pdu.Reason})");
                _user.OnAbortIndication(abort.Pdu.Source, abort.Pdu.Reason);
                Close();
                return;
            case (AA4, _):
                if (Outcome is AssociationOutcome.Open) Outcome = new AssociationOutcome.TransportFailure(TransportFailureKind.ClosedByPeer);
                _user.OnAbortIndication(AbortSource.ServiceProvider, AbortReason.NotSpecified);
                Close();
                return;
            case (AA5, _):
                StopArtim();
                Outcome = new AssociationOutcome.TransportFailure(TransportFailureKind.ClosedBeforeAssociationRequest);
                Close();
                return;
            case (AA6, _):
                return;
            case (AA7, _):
                {
                    var abort = AbortFor(evt);
                    await TrySendAsync(PduWriter.Write(new Abort(abort.Source, abort.Reason)));
                    return;
                }
            case (AA8, _):
                {
                    var abort = AbortFor(evt);
                    Outcome = abort.Outcome;
                    await TrySendAsync(PduWriter.Write(new Abort(AbortSource.ServiceProvider, abort.Reason)));
                    _user.OnAbortIndication(AbortSource.ServiceProvider, abort.Reason);
                    StartArtim();
                    return;
                }
            default:
                throw new InvalidOperationException($"{action} does not act on {Describe(evt.Event)}: Table 9-10 and the events disagree");
        }
    }

    /// <summary>AE-1: the TRANSPORT CONNECT request; its confirmation is Evt2 at once, its failure an A-P-ABORT indication.</summary>
    private async Task TransportConnectAsync(AssociateRq request)
    {
        _pendingRequest = request;
        Stream transport;
        try
        {
            using var timeout = _options.ConnectionTimeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
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
        _transport = new PduTransport(transport, Counters);
        await HandleAsync(new TransportConnectConfirmation());
    }

    /// <summary>The service provider's own checks of an A-ASSOCIATE-RQ (AE-6): the protocol version.</summary>
    private static AssociateRj? ProviderRejection(AssociateRq request)
        => (request.ProtocolVersion & 1) == 0
            ? new AssociateRj(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceProviderAcse, AssociateRjReason.ProviderAcseProtocolVersionNotSupported)
            : null;

    /// <summary>
    /// The A-ABORT that AA-1, AA-7 and AA-8 send: the one asked for (Evt15), or the service provider's
    /// for a protocol error (PS3.8 §9.3.8): an invalid or unrecognized PDU, or one unexpected in the state.
    /// </summary>
    private static AbortRequest AbortFor(UpperLayerEvent evt) => evt switch
    {
        AbortRequest request => request,
        InvalidPduReceived invalid => ProviderAbort(invalid.Error.AbortReason, $"invalid PDU: {invalid.Error.Message}"),
        _ => ProviderAbort(AbortReason.UnexpectedPdu, $"unexpected {Describe(evt.Event)}"),
    };

    private static AbortRequest ProviderAbort(byte reason, string why)
        => new(AbortSource.ServiceProvider, reason, new AssociationOutcome.Aborted(AbortInitiator.LocalServiceProvider, AbortSource.ServiceProvider, reason, why));

    private static AssociationOutcome.Aborted PeerAbort(Abort abort, string why)
        => new(abort.Source == AbortSource.ServiceUser ? AbortInitiator.PeerServiceUser : AbortInitiator.PeerServiceProvider, abort.Source, abort.Reason, why);
}
