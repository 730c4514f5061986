namespace Osprey.Network.Pdu;

/// <summary>A-RELEASE-RQ PDU (PS3.8 §9.3.6): a request for an orderly release. Its 4-byte body is reserved.</summary>
public sealed record ReleaseRq : Pdu
{
    public override PduType Type => PduType.ReleaseRq;
}
