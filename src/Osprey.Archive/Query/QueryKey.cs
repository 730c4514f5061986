using Osprey.Archive.Index;
using Osprey.Dicom.Data;

namespace Osprey.Archive.Query;

/// <summary>
/// One Key Attribute of a query identifier (PS3.4 C.2.2): its tag and VR, the level of the information model
/// it belongs to and its key type there (C.6.1.1, C.6.2.1; attributes the models do not list are taken at the
/// query level, as optional keys), the type of matching its value asks for (C.2.2.2) and the value itself,
/// decoded to Unicode with the identifier's Specific Character Set and stripped of insignificant spaces.
/// Every key is also a return key: universal ones only ask for the attribute to be returned.
/// </summary>
public sealed class QueryKey
{
    internal QueryKey(DicomTag tag, DicomVR vr, IndexLevel level, QueryKeyType keyType, MatchKind kind, IReadOnlyList<string> values)
    {
        Tag = tag;
        VR = vr;
        Level = level;
        KeyType = keyType;
        Kind = kind;
        Values = values;
    }

    public DicomTag Tag { get; }

    /// <summary>The VR of the key as received (the data dictionary's for implicit VR identifiers).</summary>
    public DicomVR VR { get; }

    /// <summary>The level the attribute belongs to; for an item key, the level of its sequence.</summary>
    public IndexLevel Level { get; }

    /// <summary>Unique, Required or Optional in the query's information model.</summary>
    public QueryKeyType KeyType { get; }

    public MatchKind Kind { get; internal set; }

    /// <summary>
    /// The values to match, decoded and trimmed: one for Single Value and Wild Card Matching (several are
    /// alternatives, any of which may match, when Multiple Value Matching was not negotiated), the UIDs of a
    /// list, every required value for <see cref="MatchKind.MultipleValues"/>, the range text for Range
    /// Matching, nothing for Universal and Sequence Matching. Numbers of binary VRs are written in invariant
    /// text, tags (AT) as eight hexadecimal digits.
    /// </summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>
    /// For Range Matching, the start of the range normalized so that text order is time order (DA as
    /// YYYYMMDD, TM as HHMMSS.FFFFFF, DT as YYYYMMDDHHMMSS.FFFFFF in UTC, suffixed "+0000" when the value had an
    /// offset from UTC); null for an open start. For the date key of combined date-time matching, the dates
    /// of the combined range.
    /// </summary>
    public string? RangeStart { get; internal set; }

    /// <summary>For Range Matching, the last moment of the range in the same form (the TM "10" ends at "105959.999999"); null for an open end.</summary>
    public string? RangeEnd { get; internal set; }

    /// <summary>
    /// The Item Key Attributes of the query's item, for a sequence key (PS3.4 C.2.2.2.6); empty for an empty
    /// item, null when the key has no item or is not a sequence. They are also what the response returns of
    /// each item.
    /// </summary>
    public IReadOnlyList<QueryKey>? ItemKeys { get; internal set; }

    /// <summary>
    /// For combined date-time matching (PS3.4 C.2.2.2.5.4, negotiated): on the date key, the tag of its time
    /// key, and on the time key, the tag of its date key. The date key then matches both attributes together
    /// and the time key puts no constraint of its own.
    /// </summary>
    public DicomTag? CombinedWith { get; internal set; }

    /// <summary>True when the key constrains nothing: every entity matches it.</summary>
    public bool IsUniversal => Kind == MatchKind.Universal;

    // ---- the compiled forms the matcher uses ----

    internal TextPattern[] TextPatterns { get; init; } = [];
    internal PersonNamePattern[] NamePatterns { get; init; } = [];
    internal NumberValue[] Numbers { get; init; } = [];
    internal DicomTag[] Tags { get; init; } = [];
    internal byte[]? RawValue { get; init; }

    /// <summary>Each value of a DA, TM or DT key as a range; a single value is the range of its first moment alone.</summary>
    internal TemporalRange[] Ranges { get; set; } = [];

    /// <summary>Whether this is the time key of a combined date-time pair, matched by its date key.</summary>
    internal bool MatchedByDateKey { get; set; }

    public override string ToString() => $"{Tag} {DicomVRInfo.ToText(VR)} {Kind} [{string.Join('\\', Values)}]";
}
