namespace Osprey.Network.Pdu;

/// <summary>
/// A user information sub-item of a type this implementation does not know (PS3.8 §9.3.2.3, Annex D.2):
/// its item-type byte and the bytes after its item-length field. Equality compares the bytes.
/// </summary>
public sealed record UnknownItem(byte Type, byte[] Value)
{
    public bool Equals(UnknownItem? other) => other is not null && Type == other.Type && Value.AsSpan().SequenceEqual(other.Value);

    public override int GetHashCode() => HashCode.Combine(Type, Structural.BytesHash(Value));
}
