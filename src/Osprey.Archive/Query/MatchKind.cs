namespace Osprey.Archive.Query;

/// <summary>The types of matching of a Key Attribute, PS3.4 C.2.2.2.</summary>
public enum MatchKind
{
    /// <summary>Zero-length value (or a lone "*"): every entity matches; the key is a return key (C.2.2.2.3).</summary>
    Universal,

    /// <summary>One value (or, without Multiple Value Matching, several alternatives) compared exactly or by meaning (C.2.2.2.1).</summary>
    SingleValue,

    /// <summary>List of UID Matching: UIDs separated by backslashes, each may match (C.2.2.2.2).</summary>
    UidList,

    /// <summary>Wild Card Matching with "*" and "?" (C.2.2.2.4).</summary>
    Wildcard,

    /// <summary>Range Matching of dates, times and date-times, "a-b", "-b", "a-" (C.2.2.2.5).</summary>
    Range,

    /// <summary>Sequence Matching: a sequence with one item whose Item Key Attributes an item must all match (C.2.2.2.6).</summary>
    Sequence,

    /// <summary>Empty Value Matching: a value of two QUOTATION MARKs matches entities whose Attribute has no value (C.2.2.2.7).</summary>
    EmptyValue,

    /// <summary>Multiple Value Matching: every value of the key must match a value of the entity (C.2.2.2.8).</summary>
    MultipleValues,
}
