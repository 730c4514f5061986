namespace Osprey.Network.Pdu;

/// <summary>
/// SOP Class Extended Negotiation sub-item (56H, PS3.7 D.3.3.5): service-class-application-information for one
/// SOP class, whose layout the service class defines (PS3.4). Equality compares the bytes.
/// </summary>
public sealed record SopClassExtendedNegotiation(string SopClassUid, byte[] ApplicationInformation)
{
    public bool Equals(SopClassExtendedNegotiation? other) =>
        other is not null && SopClassUid == other.SopClassUid
        && ApplicationInformation.AsSpan().SequenceEqual(other.ApplicationInformation);

    public override int GetHashCode() => HashCode.Combine(SopClassUid, Structural.BytesHash(ApplicationInformation));
}
