using Osprey.Archive.Index;
using Osprey.Dicom.Data;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Archive.Query;

/// <summary>
/// Turns a query into the <see cref="IndexSelection"/> that narrows its candidates through the index
/// (DESIGN "Storage and index": queries compile to SQL that uses indexes, and what SQL cannot express
/// exactly is finished in code by <see cref="QueryMatcher"/>). Every condition selects a superset of
/// what its key matches, under the same case and empty-matching rules: unique keys by their UIDs,
/// Patient ID and Accession Number by value or prefix (folded unless matching respects case),
/// Patient's Name by the prefix of its alphabetic group, Study Date by range or value, Modality when
/// matching respects case. Other keys constrain nothing here.
/// </summary>
public static class IndexQueryPlanner
{
    public static IndexSelection Plan(DicomQuery query, QueryOptions options)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(options);
        var level = query.Level.ToIndexLevel();
        var conditions = new List<IndexCondition>();
        foreach (var key in query.Keys)
        {
            if (key.IsUniversal || key.Level > level) continue;
            if (Condition(key, options) is { } condition) conditions.Add(condition);
        }
        return new IndexSelection(level, conditions);
    }

    private static IndexCondition? Condition(QueryKey key, QueryOptions options)
    {
        bool orEmpty = options.EmptyMatching;
        if (key.Tag == T.StudyInstanceUID) return Uids(IndexColumn.StudyInstanceUid, key);
        if (key.Tag == T.SeriesInstanceUID) return Uids(IndexColumn.SeriesInstanceUid, key);
        if (key.Tag == T.SOPInstanceUID) return Uids(IndexColumn.SopInstanceUid, key);
        if (key.Tag == T.SOPClassUID) return Uids(IndexColumn.SopClassUid, key) is { } c ? c with { OrEmpty = orEmpty } : null;
        if (key.Tag == T.PatientID) return Text(key, options, IndexColumn.PatientId, IndexColumn.PatientIdFolded);
        if (key.Tag == T.AccessionNumber) return Text(key, options, IndexColumn.AccessionNumber, IndexColumn.AccessionNumberFolded);
        if (key.Tag == T.PatientName) return Name(key, orEmpty);
        if (key.Tag == T.StudyDate) return Date(key, orEmpty);
        if (key.Tag == T.Modality && options.CaseSensitive && key.Kind == MatchKind.SingleValue)
            return new IndexCondition(IndexColumn.Modality, IndexConditionKind.AnyOf, key.Values, orEmpty);
        return null;
    }

    private static IndexCondition? Uids(IndexColumn column, QueryKey key)
        => key.Kind is MatchKind.SingleValue or MatchKind.UidList && key.Values.Count > 0
            ? new IndexCondition(column, IndexConditionKind.AnyOf, key.Values)
            : null;

    /// <summary>Patient ID, Accession Number: the value(s), or the text before the first wildcard.</summary>
    private static IndexCondition? Text(QueryKey key, QueryOptions options, IndexColumn exact, IndexColumn folded)
    {
        var column = options.CaseSensitive ? exact : folded;
        string Form(string s) => options.CaseSensitive ? s : IndexTextFolding.Fold(s);
        switch (key.Kind)
        {
            case MatchKind.SingleValue when key.Values.Count > 0:
                return new IndexCondition(column, IndexConditionKind.AnyOf, key.Values.Select(Form).ToList(), options.EmptyMatching);
            case MatchKind.Wildcard when key.Values.Count == 1 && Prefix(key.Values[0]) is { Length: > 0 } prefix:
                return new IndexCondition(column, IndexConditionKind.Prefix, [Form(prefix)], options.EmptyMatching);
            default:
                return null;
        }
    }

    /// <summary>
    /// Patient's Name: every name whose alphabetic group starts with the query's alphabetic group up to
    /// its first wildcard or empty component, trailing empty components left off ("Doe^John" also
    /// matches "Doe^John^^^" and "Doe^John=…"; "Doe^^Jr" only narrows to "Doe^"). The stored column is
    /// folded, so this holds in both case modes.
    /// </summary>
    private static IndexCondition? Name(QueryKey key, bool orEmpty)
    {
        if (key.Kind is not (MatchKind.SingleValue or MatchKind.Wildcard) || key.Values.Count != 1) return null;
        var prefix = Prefix(key.Values[0].Split('=')[0]).TrimEnd('^', ' ');
        if (prefix.StartsWith('^')) return null;
        int emptyComponent = prefix.IndexOf("^^", StringComparison.Ordinal);
        if (emptyComponent >= 0) prefix = prefix[..(emptyComponent + 1)];
        if (prefix.Length == 0) return null;
        return new IndexCondition(IndexColumn.PatientNameFolded, IndexConditionKind.Prefix, [IndexTextFolding.Fold(prefix)], orEmpty);
    }

    /// <summary>Study Date: a range (dates of a combined date-time range too) or the dates asked for, as YYYYMMDD.</summary>
    private static IndexCondition? Date(QueryKey key, bool orEmpty)
    {
        static string Day(string? normalized) => normalized is { Length: >= 8 } ? normalized[..8] : "";
        switch (key.Kind)
        {
            case MatchKind.Range:
                var (low, high) = (Day(key.RangeStart), Day(key.RangeEnd));
                if (low.Length == 0 && high.Length == 0) return null;
                return new IndexCondition(IndexColumn.StudyDate, IndexConditionKind.Range, [low, high], orEmpty);
            case MatchKind.SingleValue when key.Values.Count > 0 && key.Values.All(IsDay):
                return key.CombinedWith is null
                    ? new IndexCondition(IndexColumn.StudyDate, IndexConditionKind.AnyOf, key.Values, orEmpty)
                    : null;
            default:
                return null;
        }
    }

    private static bool IsDay(string value) => value.Length == 8 && value.All(char.IsAsciiDigit);

    /// <summary>The text before the first "*" or "?".</summary>
    private static string Prefix(string pattern)
    {
        int i = pattern.AsSpan().IndexOfAny('*', '?');
        return i < 0 ? pattern : pattern[..i];
    }
}
