namespace Osprey.Network.Pdu;

/// <summary>Element-by-element equality for the lists and byte arrays that the PDU records hold.</summary>
internal static class Structural
{
    public static bool ListEquals<T>(IReadOnlyList<T> a, IReadOnlyList<T> b)
    {
        if (ReferenceEquals(a, b)) return true;
        if (a.Count != b.Count) return false;
        var comparer = EqualityComparer<T>.Default;
        for (int i = 0; i < a.Count; i++)
            if (!comparer.Equals(a[i], b[i])) return false;
        return true;
    }

    public static int ListHash<T>(IReadOnlyList<T> list)
    {
        var hash = new HashCode();
        hash.Add(list.Count);
        foreach (T item in list) hash.Add(item);
        return hash.ToHashCode();
    }

    public static int BytesHash(byte[] bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
