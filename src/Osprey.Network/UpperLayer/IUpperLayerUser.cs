using Osprey.Network.Pdu;

namespace Osprey.Network.UpperLayer;

/// <summary>
/// The local user of the upper layer service (PS3.8 §7): receives the indication and
/// confirmation primitives the machine issues. Called on the machine's event loop, in order.
/// </summary>
public interface IUpperLayerUser
{
    /// <summary>
    /// A-ASSOCIATE indication (acceptor, AE-6): return the A-ASSOCIATE response, an
    /// <see cref="AssociateAc"/> (accept, Evt7) or an <see cref="AssociateRj"/> (reject, Evt8).
    /// </summary>
    Pdu.Pdu OnAssociateIndication(AssociateRq request);

    /// <summary>A-ASSOCIATE confirmation (requestor, AE-3 or AE-4): the peer's AC or RJ.</summary>
    void OnAssociateConfirmation(Pdu.Pdu acceptOrReject);

    /// <summary>P-DATA indication (DT-2, AR-6). The PDU's data are valid only until the returned task completes.</summary>
    ValueTask OnDataIndicationAsync(PDataTf pdu);

    /// <summary>A-RELEASE indication (AR-2, AR-8): the peer asks to release; answer with <see cref="UpperLayerMachine.ReleaseResponseAsync"/>.</summary>
    void OnReleaseIndication();

    /// <summary>A-RELEASE confirmation (AR-3, AR-10).</summary>
    void OnReleaseConfirmation();

    /// <summary>A-ABORT (peer user) or A-P-ABORT (provider) indication (AA-3, AA-4, AA-8).</summary>
    void OnAbortIndication(AbortSource source, byte reason);

    /// <summary>The machine is back in Sta1 and the transport connection is closed.</summary>
    void OnClosed();
}
