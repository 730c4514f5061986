using Osprey.Network.Pdu;

namespace Osprey.Network.UpperLayer;

/// <summary>
/// An event of the upper layer protocol machine (PS3.8 §9.2, Table 9-2) with what it carries: one
/// record per event, so each action gets the PDU or primitive it acts on by type.
/// </summary>
internal abstract record UpperLayerEvent(Event Event);

/// <summary>Evt1: A-ASSOCIATE request primitive (local user).</summary>
internal sealed record AssociateRequest(AssociateRq Request) : UpperLayerEvent(Event.Evt1);

/// <summary>Evt2: transport connect confirmation (local transport service).</summary>
internal sealed record TransportConnectConfirmation() : UpperLayerEvent(Event.Evt2);

/// <summary>Evt3: A-ASSOCIATE-AC PDU received.</summary>
internal sealed record AssociateAcReceived(AssociateAc Pdu) : UpperLayerEvent(Event.Evt3);

/// <summary>Evt4: A-ASSOCIATE-RJ PDU received.</summary>
internal sealed record AssociateRjReceived(AssociateRj Pdu) : UpperLayerEvent(Event.Evt4);

/// <summary>Evt5: transport connection indication (local transport service).</summary>
internal sealed record TransportConnectionIndication() : UpperLayerEvent(Event.Evt5);

/// <summary>Evt6: A-ASSOCIATE-RQ PDU received.</summary>
internal sealed record AssociateRqReceived(AssociateRq Pdu) : UpperLayerEvent(Event.Evt6);

/// <summary>Evt7: A-ASSOCIATE response primitive (accept).</summary>
internal sealed record AssociateAccept(AssociateAc Response) : UpperLayerEvent(Event.Evt7);

/// <summary>Evt8: A-ASSOCIATE response primitive (reject).</summary>
internal sealed record AssociateReject(AssociateRj Response) : UpperLayerEvent(Event.Evt8);

/// <summary>Evt9: P-DATA request primitive, with the bytes of a complete P-DATA-TF PDU.</summary>
internal sealed record PDataRequest(ReadOnlyMemory<byte> PDataTf) : UpperLayerEvent(Event.Evt9);

/// <summary>Evt10: P-DATA-TF PDU received; its PDVs are slices of <paramref name="Buffer"/>, a pooled array returned once the event is handled.</summary>
internal sealed record PDataTfReceived(PDataTf Pdu, byte[] Buffer) : UpperLayerEvent(Event.Evt10);

/// <summary>Evt11: A-RELEASE request primitive.</summary>
internal sealed record ReleaseRequest() : UpperLayerEvent(Event.Evt11);

/// <summary>Evt12: A-RELEASE-RQ PDU received.</summary>
internal sealed record ReleaseRqReceived() : UpperLayerEvent(Event.Evt12);

/// <summary>Evt13: A-RELEASE-RP PDU received.</summary>
internal sealed record ReleaseRpReceived() : UpperLayerEvent(Event.Evt13);

/// <summary>Evt14: A-RELEASE response primitive.</summary>
internal sealed record ReleaseResponse() : UpperLayerEvent(Event.Evt14);

/// <summary>
/// Evt15: A-ABORT request primitive, from the local user or on its behalf (a timer): the A-ABORT's
/// source and reason, and how the association is then said to have ended.
/// </summary>
internal sealed record AbortRequest(AbortSource Source, byte Reason, AssociationOutcome Outcome) : UpperLayerEvent(Event.Evt15);

/// <summary>Evt16: A-ABORT PDU received.</summary>
internal sealed record AbortReceived(Abort Pdu) : UpperLayerEvent(Event.Evt16);

/// <summary>Evt17: transport connection closed indication (local transport service).</summary>
internal sealed record TransportClosed() : UpperLayerEvent(Event.Evt17);

/// <summary>Evt18: ARTIM timer expired; <paramref name="Generation"/> tells a stopped or restarted timer's late expiry apart.</summary>
internal sealed record ArtimExpired(long Generation) : UpperLayerEvent(Event.Evt18);

/// <summary>Evt19: unrecognized or invalid PDU received, with the reason and the A-ABORT reason it calls for.</summary>
internal sealed record InvalidPduReceived(PduFormatException Error) : UpperLayerEvent(Event.Evt19);
