using Osprey.Archive.Index;
using Osprey.Dicom.Data;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Archive.Query;

/// <summary>
/// A C-FIND (or C-MOVE, C-GET) request identifier read against a Query/Retrieve Information Model (PS3.4
/// C.4.1.1.3.1): the level of the query, its keys (every attribute of the identifier except Query/Retrieve
/// Level, Specific Character Set and the other attributes that only qualify the identifier), and whether it is
/// a hierarchical (C.4.1.2.1, C.4.1.3.1) or relational (C.4.1.2.2.1, C.4.1.3.2) query. <see cref="Parse"/>
/// refuses identifiers the model does not allow, with the status to answer.
/// </summary>
public sealed class DicomQuery
{
    private DicomQuery(QueryInformationModel model, QueryRetrieveLevel level, IReadOnlyList<QueryKey> keys, bool relational,
        string? requestCharacterSet, string? timezoneOffset, QueryExtendedNegotiation negotiation, IReadOnlyList<DicomTag> ignored)
    {
        Model = model;
        Level = level;
        Keys = keys;
        Relational = relational;
        RequestCharacterSet = requestCharacterSet;
        TimezoneOffsetFromUtc = timezoneOffset;
        Negotiation = negotiation;
        IgnoredKeys = ignored;
    }

    public QueryInformationModel Model { get; }

    /// <summary>The Query/Retrieve Level (0008,0052) of the identifier.</summary>
    public QueryRetrieveLevel Level { get; }

    /// <summary>The keys in tag order, universal ones included: each is also a return key.</summary>
    public IReadOnlyList<QueryKey> Keys { get; }

    /// <summary>Whether relational-queries were negotiated: keys of every level at or above the query level may then carry any matching.</summary>
    public bool Relational { get; }

    /// <summary>The value of Specific Character Set (0008,0005) as sent, or null when the identifier has none (the default repertoire).</summary>
    public string? RequestCharacterSet { get; }

    /// <summary>
    /// Timezone Offset From UTC (0008,0201) as sent, or null. It qualifies times of the identifier rather than
    /// being matched (PS3.4 C.2.2.2); Osprey does not negotiate timezone query adjustment, so it is not applied.
    /// </summary>
    public string? TimezoneOffsetFromUtc { get; }

    /// <summary>The extended negotiation the query was read under.</summary>
    public QueryExtendedNegotiation Negotiation { get; }

    /// <summary>
    /// Keys of levels below the query level that asked for nothing but their return (zero length): they have
    /// no meaning at the query level and are left out of matching and of the responses.
    /// </summary>
    public IReadOnlyList<DicomTag> IgnoredKeys { get; }

    /// <summary>The key with this tag, or null.</summary>
    public QueryKey? Find(DicomTag tag) => Keys.FirstOrDefault(k => k.Tag == tag);

    /// <summary>The keys of one level.</summary>
    public IEnumerable<QueryKey> KeysAt(IndexLevel level) => Keys.Where(k => k.Level == level);

    // Attributes of the identifier that are not keys: they say how to read the others (PS3.4 C.4.1.1.3.1).
    private static readonly HashSet<DicomTag> NotKeys = [T.SpecificCharacterSet, T.QueryRetrieveLevel, T.QueryRetrieveView, T.TimezoneOffsetFromUTC];

    /// <summary>
    /// Reads an identifier. Values are decoded with its Specific Character Set (every Defined Term, ISO 2022
    /// code extensions included). Throws <see cref="QueryException"/> with status A900 when the identifier does
    /// not fit the model: Query/Retrieve Level missing or not a level of the model; a key of a level below the
    /// query level that asks for matching; for a hierarchical query (no relational-queries negotiated), a level
    /// above the query level without its Unique Key as one single value, or with another key that asks for
    /// matching (PS3.4 C.4.1.2.1; patient attributes are study attributes in Study Root, C.6.2.1.2). Throws
    /// with status C000 for values no matching can use.
    /// </summary>
    public static DicomQuery Parse(DicomDataset identifier, QueryInformationModel model, QueryExtendedNegotiation negotiation)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(negotiation);
        var level = ReadLevel(identifier, model);

        if (identifier.GetString(T.QueryRetrieveView) is { Length: > 0 })
            throw new QueryException(QueryStatus.UnableToProcess, "Query/Retrieve View (0008,0053) not supported", T.QueryRetrieveView);

        var keys = new List<QueryKey>();
        var ignored = new List<DicomTag>();
        var queryLevel = level.ToIndexLevel();
        foreach (var element in identifier)
        {
            var tag = element.Tag;
            if (tag.Group < 0x0008 || tag.IsGroupLength || NotKeys.Contains(tag)) continue;
            var (keyLevel, keyType) = QueryModelAttributes.Describe(tag, model, level);
            var key = QueryKeyParser.Parse(element, identifier, keyLevel, keyType, negotiation);
            if (keyLevel > queryLevel)
            {
                if (key.IsUniversal)
                {
                    ignored.Add(tag);
                    continue;
                }
                throw new QueryException(QueryStatus.IdentifierDoesNotMatchSopClass,
                    $"{Name(keyLevel)} key {tag} below {level.ToText()} level", tag);
            }
            keys.Add(key);
        }

        if (!negotiation.Relational) CheckHierarchical(model, level, keys);
        if (negotiation.CombinedDateTime) CombineDatesAndTimes(keys);
        foreach (var key in keys) CheckRangeOrder(key);

        return new DicomQuery(model, level, keys, negotiation.Relational,
            NonEmpty(identifier.GetString(T.SpecificCharacterSet)), NonEmpty(identifier.GetString(T.TimezoneOffsetFromUTC)),
            negotiation, ignored);
    }

    private static QueryRetrieveLevel ReadLevel(DicomDataset identifier, QueryInformationModel model)
    {
        var text = identifier.GetString(T.QueryRetrieveLevel);
        if (string.IsNullOrWhiteSpace(text))
            throw new QueryException(QueryStatus.IdentifierDoesNotMatchSopClass, "Query/Retrieve Level (0008,0052) missing", T.QueryRetrieveLevel);
        if (!QueryRetrieveLevels.TryParse(text, out var level))
            throw new QueryException(QueryStatus.IdentifierDoesNotMatchSopClass,
                $"Query/Retrieve Level '{(text.Length > 16 ? text[..16] : text)}' is not a level", T.QueryRetrieveLevel);
        if (!model.HasLevel(level))
            throw new QueryException(QueryStatus.IdentifierDoesNotMatchSopClass, $"{level.ToText()} level is not in the Study Root model", T.QueryRetrieveLevel);
        return level;
    }

    /// <summary>
    /// PS3.4 C.4.1.2.1: a single value in the Unique Key of each level above the query level, and no other
    /// key of those levels. Zero-length keys there are tolerated: they ask for no matching.
    /// </summary>
    private static void CheckHierarchical(QueryInformationModel model, QueryRetrieveLevel level, List<QueryKey> keys)
    {
        foreach (var above in model.Levels().Where(l => l < level))
        {
            var uniqueTag = QueryModelAttributes.UniqueKey(above);
            var unique = keys.FirstOrDefault(k => k.Tag == uniqueTag);
            if (unique is null || unique.IsUniversal)
                throw new QueryException(QueryStatus.IdentifierDoesNotMatchSopClass, $"{above.ToText()} unique key {uniqueTag} missing", uniqueTag);
            if (unique.Kind != MatchKind.SingleValue || unique.Values.Count != 1)
                throw new QueryException(QueryStatus.IdentifierDoesNotMatchSopClass, $"{above.ToText()} unique key {uniqueTag} needs one value", uniqueTag);

            var other = keys.FirstOrDefault(k => k.Level == above.ToIndexLevel() && k.Tag != uniqueTag && !k.IsUniversal);
            if (other is not null)
                throw new QueryException(QueryStatus.IdentifierDoesNotMatchSopClass,
                    $"{above.ToText()} key {other.Tag} above {level.ToText()} level needs relational", other.Tag);
        }
    }

    /// <summary>PS3.4 C.2.2.2.5.4: a date range and a time range of the same form, of a date and time pair, match as one date-time range.</summary>
    private static void CombineDatesAndTimes(List<QueryKey> keys)
    {
        foreach (var date in keys.Where(k => k.VR == DicomVR.DA && k.Kind == MatchKind.Range && k.Ranges.Length == 1))
        {
            if (CombinedDateTimePairs.TimeOf(date.Tag) is not { } timeTag) continue;
            var time = keys.FirstOrDefault(k => k.Tag == timeTag && k.Kind == MatchKind.Range && k.Ranges.Length == 1);
            if (time is null || !TemporalRange.TryCombine(date.Ranges[0], time.Ranges[0], out var combined)) continue;
            date.Ranges = [combined];
            date.CombinedWith = timeTag;
            time.CombinedWith = date.Tag;
            time.MatchedByDateKey = true;
        }
    }

    private static void CheckRangeOrder(QueryKey key)
    {
        if (!key.MatchedByDateKey && key.Ranges.Any(r => !r.IsOrdered))
            throw new QueryException(QueryStatus.UnableToProcess, $"Range of {key.Tag} starts after it ends", key.Tag);
        foreach (var item in key.ItemKeys ?? []) CheckRangeOrder(item);
    }

    private static string Name(IndexLevel level) => QueryRetrieveLevels.FromIndexLevel(level).ToText();

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim(' ', '\0');
}
