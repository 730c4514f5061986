namespace Osprey.Network.Pdu;

/// <summary>
/// P-DATA-TF PDU (PS3.8 §9.3.5): one or more presentation data value items (§9.3.5.1). Equality compares the
/// bytes of each value's data, not where they are stored.
/// </summary>
public sealed record PDataTf(IReadOnlyList<PresentationDataValue> Values) : Pdu
{
    public override PduType Type => PduType.PDataTf;

    public bool Equals(PDataTf? other)
    {
        if (other is null || Values.Count != other.Values.Count) return false;
        for (int i = 0; i < Values.Count; i++)
        {
            PresentationDataValue a = Values[i], b = other.Values[i];
            if (a.PresentationContextId != b.PresentationContextId || a.MessageControlHeader != b.MessageControlHeader
                || !a.Data.Span.SequenceEqual(b.Data.Span))
                return false;
        }
        return true;
    }

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Values.Count);
        foreach (PresentationDataValue v in Values)
        {
            hash.Add(v.PresentationContextId);
            hash.Add(v.MessageControlHeader);
            hash.Add(v.Data.Length);
        }
        return hash.ToHashCode();
    }
}
