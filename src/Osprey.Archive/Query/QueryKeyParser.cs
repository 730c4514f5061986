using System.Globalization;
using Osprey.Archive.Index;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.Text;

namespace Osprey.Archive.Query;

/// <summary>
/// Reads one element of a query identifier into a <see cref="QueryKey"/>: decodes its value with the Specific
/// Character Set in force for the element, removes insignificant spaces, and decides the type of matching
/// (PS3.4 C.2.2.2.1–C.2.2.2.8) from the VR, the value and the extended negotiation. A value no type of
/// matching can use (a malformed date, wild cards in a UID) is refused with status Cxxx.
/// </summary>
internal static class QueryKeyParser
{
    public static QueryKey Parse(DicomElement element, DicomDataset owner, IndexLevel level, QueryKeyType keyType, QueryExtendedNegotiation negotiation)
    {
        var vr = element.VR is DicomVR.UN or DicomVR.None
            ? DicomDictionary.Lookup(element.Tag)?.VR is { } known && known != DicomVR.None ? known : DicomVR.UN
            : element.VR;
        return element switch
        {
            DicomSequence sequence => ParseSequence(sequence, level, negotiation),
            DicomValueElement value => ParseValue(value, vr, owner.CharacterSet, level, keyType, negotiation),
            _ => new QueryKey(element.Tag, vr, level, keyType, MatchKind.Universal, []), // encapsulated pixel data: nothing to match
        };
    }

    // ---- Sequence Matching, PS3.4 C.2.2.2.6 ----

    private static QueryKey ParseSequence(DicomSequence sequence, IndexLevel level, QueryExtendedNegotiation negotiation)
    {
        if (sequence.Items.Count > 1)
            throw new QueryException(QueryStatus.IdentifierDoesNotMatchSopClass, $"Sequence key {sequence.Tag} must have one item", sequence.Tag);
        if (sequence.Items.Count == 0)
            return new QueryKey(sequence.Tag, DicomVR.SQ, level, QueryKeyType.Optional, MatchKind.Universal, []);

        var item = sequence.Items[0];
        var itemKeys = new List<QueryKey>();
        foreach (var e in item)
        {
            if (e.Tag == Dicom.Dictionary.DicomTags.SpecificCharacterSet || e.Tag.IsGroupLength) continue;
            itemKeys.Add(Parse(e, item, level, QueryKeyType.Optional, negotiation));
        }
        // An item whose keys all match everything asks only for attributes to be returned: like Universal Matching.
        var kind = itemKeys.All(k => k.IsUniversal) ? MatchKind.Universal : MatchKind.Sequence;
        return new QueryKey(sequence.Tag, DicomVR.SQ, level, QueryKeyType.Optional, kind, []) { ItemKeys = itemKeys };
    }

    // ---- every other VR ----

    private static QueryKey ParseValue(DicomValueElement element, DicomVR vr, DicomCharacterSet charset, IndexLevel level, QueryKeyType keyType, QueryExtendedNegotiation negotiation)
    {
        var tag = element.Tag;
        QueryKey Universal() => new(tag, vr, level, keyType, MatchKind.Universal, []);
        if (element.Length == 0) return Universal();

        if (QueryText.IsBinaryNumber(vr))
        {
            var numbers = NumberValue.Read(element).ToArray();
            return new QueryKey(tag, vr, level, keyType, MatchKind.SingleValue, [.. numbers.Select(n => n.ToString())]) { Numbers = numbers };
        }
        if (vr == DicomVR.AT)
        {
            var tags = element.GetTags();
            var values = tags.Select(t => t.Value.ToString("X8", CultureInfo.InvariantCulture)).ToArray();
            var kind = tags.Length > 1 && MultipleValuesApply(tag, vr, negotiation) ? MatchKind.MultipleValues : MatchKind.SingleValue;
            return new QueryKey(tag, vr, level, keyType, kind, values) { Tags = tags };
        }
        if (!DicomVRInfo.IsString(vr))
            return new QueryKey(tag, vr, level, keyType, MatchKind.SingleValue, []) { RawValue = element.Value.ToArray() };

        // Text: decoded with the identifier's character set, split at backslashes, insignificant spaces removed.
        var texts = (DicomVRInfo.IsSingleValuedString(vr) ? [element.GetString(charset)] : element.GetStrings(charset))
            .Select(v => QueryText.Trim(v, vr))
            .Where(v => v.Length > 0)
            .ToArray();
        if (texts.Length == 0) return Universal();
        if (texts.Length == 1 && QueryText.IsOnlyStars(texts[0])) return Universal(); // "*" is Universal Matching (C.2.2.2.4)

        if (negotiation.EmptyValueMatching && texts is [QueryText.EmptyValueToken] && QueryText.AllowsEmptyValueMatching(vr))
            return new QueryKey(tag, vr, level, keyType, MatchKind.EmptyValue, texts);

        return vr switch
        {
            DicomVR.DA or DicomVR.TM or DicomVR.DT => ParseTemporal(tag, vr, level, keyType, texts),
            DicomVR.UI => ParseUids(tag, level, keyType, texts),
            DicomVR.IS or DicomVR.DS => ParseNumbers(tag, vr, level, keyType, texts),
            DicomVR.PN => ParseNames(tag, level, keyType, texts, negotiation),
            _ => ParseText(tag, vr, level, keyType, texts, negotiation),
        };
    }

    private static QueryKey ParseTemporal(DicomTag tag, DicomVR vr, IndexLevel level, QueryKeyType keyType, string[] texts)
    {
        var ranges = new TemporalRange[texts.Length];
        string? start = null, end = null;
        bool anyRange = false;
        for (int i = 0; i < texts.Length; i++)
        {
            string text = texts[i];
            if (QueryText.IsOnlyStars(text))
            {
                ranges[i] = new TemporalRange(null, null);
                continue;
            }
            if (text.Contains('-'))
            {
                if (!TemporalRange.TryParse(text, vr, out ranges[i], out start, out end))
                    throw Unusable(tag, $"{tag} '{Short(text)}' is not a {DicomVRInfo.ToText(vr)} range");
                anyRange = true;
                continue;
            }
            if (!TemporalValue.TryParse(text, vr, out var value))
                throw Unusable(tag, $"{tag} '{Short(text)}' is not a {DicomVRInfo.ToText(vr)} value");
            ranges[i] = new TemporalRange(value.Start, value.Start); // Single Value Matching by meaning (C.2.2.2.1.3)
        }
        var key = new QueryKey(tag, vr, level, keyType, anyRange ? MatchKind.Range : MatchKind.SingleValue, texts) { Ranges = ranges };
        if (anyRange && texts.Length == 1)
        {
            key.RangeStart = start;
            key.RangeEnd = end;
        }
        return key;
    }

    private static QueryKey ParseUids(DicomTag tag, IndexLevel level, QueryKeyType keyType, string[] uids)
    {
        if (uids.Any(QueryText.HasWildcard))
            throw Unusable(tag, $"UID key {tag} cannot use wild cards");
        return new QueryKey(tag, DicomVR.UI, level, keyType, uids.Length > 1 ? MatchKind.UidList : MatchKind.SingleValue, uids)
        {
            TextPatterns = [.. uids.Select(u => new TextPattern(u, wildcard: false))],
        };
    }

    private static QueryKey ParseNumbers(DicomTag tag, DicomVR vr, IndexLevel level, QueryKeyType keyType, string[] texts)
    {
        var numbers = new NumberValue[texts.Length];
        for (int i = 0; i < texts.Length; i++)
        {
            if (!NumberValue.TryParse(texts[i], out numbers[i]))
                throw Unusable(tag, $"{tag} '{Short(texts[i])}' is not a number");
        }
        return new QueryKey(tag, vr, level, keyType, MatchKind.SingleValue, texts) { Numbers = numbers };
    }

    private static QueryKey ParseNames(DicomTag tag, IndexLevel level, QueryKeyType keyType, string[] names, QueryExtendedNegotiation negotiation)
    {
        var patterns = names.Select(n => new PersonNamePattern(n)).ToArray();
        if (patterns.Any(p => p.IsUniversal) && !(names.Length > 1 && MultipleValuesApply(tag, DicomVR.PN, negotiation)))
            return new QueryKey(tag, DicomVR.PN, level, keyType, MatchKind.Universal, []);
        var kind = KindOfText(tag, DicomVR.PN, names.Length, patterns.Any(p => p.IsWildcard), negotiation);
        return new QueryKey(tag, DicomVR.PN, level, keyType, kind, names) { NamePatterns = patterns };
    }

    private static QueryKey ParseText(DicomTag tag, DicomVR vr, IndexLevel level, QueryKeyType keyType, string[] texts, QueryExtendedNegotiation negotiation)
    {
        bool wildcards = QueryText.AllowsWildcards(vr);
        bool anyWildcard = wildcards && texts.Any(QueryText.HasWildcard);
        if (!wildcards && texts.Any(QueryText.HasWildcard))
            throw Unusable(tag, $"{DicomVRInfo.ToText(vr)} key {tag} cannot use wild cards");
        if (anyWildcard && texts.Any(QueryText.IsOnlyStars) && !(texts.Length > 1 && MultipleValuesApply(tag, vr, negotiation)))
            return new QueryKey(tag, vr, level, keyType, MatchKind.Universal, []); // "CT\*": one alternative matches all
        var kind = KindOfText(tag, vr, texts.Length, anyWildcard, negotiation);
        return new QueryKey(tag, vr, level, keyType, kind, texts)
        {
            TextPatterns = [.. texts.Select(t => new TextPattern(t, wildcards && QueryText.HasWildcard(t)))],
        };
    }

    private static MatchKind KindOfText(DicomTag tag, DicomVR vr, int count, bool anyWildcard, QueryExtendedNegotiation negotiation)
    {
        if (count > 1 && MultipleValuesApply(tag, vr, negotiation))
        {
            if (anyWildcard) throw Unusable(tag, $"Multiple Value Matching {tag} with wild cards");
            return MatchKind.MultipleValues;
        }
        return anyWildcard ? MatchKind.Wildcard : MatchKind.SingleValue;
    }

    /// <summary>PS3.4 C.2.2.2.8: negotiated, a VR of the list, and a VM greater than 1 in the data dictionary.</summary>
    private static bool MultipleValuesApply(DicomTag tag, DicomVR vr, QueryExtendedNegotiation negotiation)
        => negotiation.MultipleValueMatching && QueryText.AllowsMultipleValueMatching(vr)
            && DicomDictionary.Lookup(tag) is { VM: var vm } && vm != "1";

    private static QueryException Unusable(DicomTag tag, string comment) => new(QueryStatus.UnableToProcess, comment, tag);

    private static string Short(string text) => text.Length <= 24 ? text : text[..24];
}
