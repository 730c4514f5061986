namespace Osprey.Network.Pdu;

/// <summary>A-RELEASE-RP PDU (PS3.8 §9.3.7): the reply that completes an orderly release. Its 4-byte body is reserved.</summary>
public sealed record ReleaseRp : Pdu
{
    public override PduType Type => PduType.ReleaseRp;
}
