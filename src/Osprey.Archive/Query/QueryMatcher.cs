using Osprey.Dicom.Data;

namespace Osprey.Archive.Query;

/// <summary>
/// Decides whether a stored entity (a candidate row of the index, as a data set of its attributes and those
/// of the entities above it) matches a query: PS3.4 C.2.2.2 for each key, all keys together (C.4.1.3.1.1,
/// C.4.1.3.2.2), with Osprey's <see cref="QueryOptions"/> on top. Stored text is decoded with the
/// candidate's own Specific Character Set and trimmed like the query's. An attribute with several values
/// matches when any of its values does (C.2.2.3), except for Multiple Value Matching.
/// </summary>
public static class QueryMatcher
{
    /// <summary>Whether the candidate matches every key of the query (universal keys always do).</summary>
    public static bool Matches(DicomQuery query, DicomDataset candidate, QueryOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        foreach (var key in query.Keys)
            if (!Matches(key, candidate, options)) return false;
        return true;
    }

    /// <summary>Whether the candidate matches one key.</summary>
    public static bool Matches(QueryKey key, DicomDataset candidate, QueryOptions options)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(options);
        if (key.IsUniversal || key.MatchedByDateKey) return true;

        candidate.TryGet(key.Tag, out var element);
        if (key.CombinedWith is { } timeTag && key.VR == DicomVR.DA)
            return MatchesDateTime(key, element, candidate[timeTag], candidate, options);
        if (IsEmpty(element))
            // Empty Value Matching asks for exactly this (C.2.2.2.7); otherwise Osprey's "Empty matching" decides.
            return key.Kind == MatchKind.EmptyValue || options.EmptyMatching;
        if (key.Kind == MatchKind.EmptyValue) return false;

        return element switch
        {
            DicomSequence sequence => MatchesSequence(key, sequence, options),
            DicomValueElement value => MatchesValue(key, value, candidate, options),
            _ => false,
        };
    }

    /// <summary>Absent, zero length, or a sequence without items.</summary>
    private static bool IsEmpty(DicomElement? element) => element switch
    {
        null => true,
        DicomSequence sequence => sequence.Items.Count == 0,
        DicomValueElement value => value.Length == 0,
        _ => false,
    };

    // ---- Sequence Matching, C.2.2.2.6: some item matches all Item Key Attributes ----

    private static bool MatchesSequence(QueryKey key, DicomSequence sequence, QueryOptions options)
    {
        if (key.ItemKeys is not { Count: > 0 } itemKeys) return true;
        return sequence.Items.Any(item => MatchesItem(itemKeys, item, options));
    }

    /// <summary>Whether one item of a stored sequence matches all the item keys.</summary>
    internal static bool MatchesItem(IReadOnlyList<QueryKey> itemKeys, DicomDataset item, QueryOptions options)
    {
        foreach (var itemKey in itemKeys)
            if (!Matches(itemKey, item, options)) return false;
        return true;
    }

    // ---- values ----

    private static bool MatchesValue(QueryKey key, DicomValueElement element, DicomDataset owner, QueryOptions options)
    {
        if (key.RawValue is { } raw) return element.Value.ToArray().AsSpan().SequenceEqual(raw);
        if (key.Numbers.Length > 0) return Any(key, NumberValue.Read(element), (q, s) => key.Numbers[q].EqualTo(s));
        if (key.Tags.Length > 0) return Any(key, element.VR == DicomVR.AT ? element.GetTags() : [], (q, s) => key.Tags[q] == s);

        var stored = StoredTexts(element, owner);
        if (stored.Count == 0) return options.EmptyMatching;
        if (key.Ranges.Length > 0) return MatchesTemporal(key, stored, element.VR);
        if (key.NamePatterns.Length > 0) return Any(key, stored, (q, s) => key.NamePatterns[q].Matches(s, options.CaseSensitive));
        return Any(key, stored, (q, s) => key.TextPatterns[q].Matches(s, options.CaseSensitive));
    }

    /// <summary>
    /// Any value of the key matches any stored value; for Multiple Value Matching (C.2.2.2.8) every value of the
    /// key must match some stored value, in any order.
    /// </summary>
    private static bool Any<TStored>(QueryKey key, IReadOnlyList<TStored> stored, Func<int, TStored, bool> match)
    {
        int count = key.Numbers.Length + key.Tags.Length + key.NamePatterns.Length + key.TextPatterns.Length;
        if (key.Kind == MatchKind.MultipleValues)
        {
            for (int q = 0; q < count; q++)
                if (!stored.Any(s => match(q, s))) return false;
            return true;
        }
        for (int q = 0; q < count; q++)
            if (stored.Any(s => match(q, s))) return true;
        return false;
    }

    /// <summary>The stored values as text: decoded with the candidate's character set, split, trimmed, empty values left out.</summary>
    private static List<string> StoredTexts(DicomValueElement element, DicomDataset owner)
    {
        var vr = element.VR;
        if (!DicomVRInfo.IsString(vr)) return [];
        var values = DicomVRInfo.IsSingleValuedString(vr) ? [element.GetString(owner.CharacterSet)] : element.GetStrings(owner.CharacterSet);
        var result = new List<string>(values.Length);
        foreach (var v in values)
        {
            var trimmed = QueryText.Trim(v, vr);
            if (trimmed.Length > 0) result.Add(trimmed);
        }
        return result;
    }

    // ---- dates and times: Single Value Matching by meaning (C.2.2.2.1.3) and Range Matching (C.2.2.2.5) ----

    private static bool MatchesTemporal(QueryKey key, List<string> stored, DicomVR storedVR)
    {
        foreach (var text in stored)
        {
            if (!TemporalValue.TryParse(text, storedVR == DicomVR.None ? key.VR : storedVR, out var moment)) continue;
            foreach (var range in key.Ranges)
                if (range.Contains(moment.Start)) return true;
        }
        return false;
    }

    /// <summary>
    /// Combined date-time matching (C.2.2.2.5.4): the stored date and time read as one moment. A stored date
    /// without a time stands for the whole day and matches when the day overlaps the range.
    /// </summary>
    private static bool MatchesDateTime(QueryKey dateKey, DicomElement? dateElement, DicomElement? timeElement, DicomDataset owner, QueryOptions options)
    {
        if (IsEmpty(dateElement) || dateElement is not DicomValueElement date) return options.EmptyMatching;
        var dates = StoredTexts(date, owner);
        var times = timeElement is DicomValueElement time ? StoredTexts(time, owner) : [];
        if (dates.Count == 0) return options.EmptyMatching;
        var range = dateKey.Ranges[0];
        foreach (var d in dates)
        {
            if (!TemporalValue.TryParse(d, DicomVR.DA, out var day)) continue;
            if (times.Count == 0)
            {
                if (range.Overlaps(day)) return true;
                continue;
            }
            foreach (var t in times)
                if (TemporalValue.TryParse(t, DicomVR.TM, out var clock) && range.Contains(day.Start.Date + clock.Start.TimeOfDay)) return true;
        }
        return false;
    }
}
