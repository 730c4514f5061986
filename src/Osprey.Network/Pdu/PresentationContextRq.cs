namespace Osprey.Network.Pdu;

/// <summary>
/// A presentation context proposed in an A-ASSOCIATE-RQ (PS3.8 §9.3.2.2, item 20H): an odd context ID,
/// one abstract syntax (sub-item 30H) and the transfer syntaxes offered for it (sub-items 40H).
/// </summary>
public sealed record PresentationContextRq(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)
{
    public bool Equals(PresentationContextRq? other) =>
        other is not null && Id == other.Id && AbstractSyntax == other.AbstractSyntax
        && Structural.ListEquals(TransferSyntaxes, other.TransferSyntaxes);

    public override int GetHashCode() => HashCode.Combine(Id, AbstractSyntax, Structural.ListHash(TransferSyntaxes));
}
