namespace Osprey.Network.Pdu;

/// <summary>
/// SOP Class Common Extended Negotiation sub-item (57H, PS3.7 D.3.3.6): for one SOP class, its service class
/// and the more general SOP classes it is related to. Written with sub-item version 0.
/// </summary>
public sealed record SopClassCommonExtendedNegotiation(string SopClassUid, string ServiceClassUid, IReadOnlyList<string> RelatedGeneralSopClassUids)
{
    public bool Equals(SopClassCommonExtendedNegotiation? other) =>
        other is not null && SopClassUid == other.SopClassUid && ServiceClassUid == other.ServiceClassUid
        && Structural.ListEquals(RelatedGeneralSopClassUids, other.RelatedGeneralSopClassUids);

    public override int GetHashCode() => HashCode.Combine(SopClassUid, ServiceClassUid, Structural.ListHash(RelatedGeneralSopClassUids));
}
