namespace Osprey.Archive.Index;

/// <summary>
/// What the index itself narrows a query or retrieve down by: the entities of one level (PS3.4
/// C.6 information model) that satisfy every condition, each condition on a column the index keeps
/// for lookups. A selection is a superset of a C-FIND's matches: the rules an index cannot express
/// exactly (person name component groups, case folding of the exact-case mode, combined date-time,
/// keys it has no column for) are finished in code on what it returns (DESIGN: "Storage and index").
/// </summary>
public sealed record IndexSelection(IndexLevel Level, IReadOnlyList<IndexCondition> Conditions)
{
    /// <summary>Every entity of the level.</summary>
    public static IndexSelection All(IndexLevel level) => new(level, []);
}

/// <summary>
/// One condition of an <see cref="IndexSelection"/>. <see cref="IndexConditionKind.Equal"/> takes
/// one value, <see cref="IndexConditionKind.AnyOf"/> any number, <see cref="IndexConditionKind.Range"/>
/// two (low, high; an empty one is an open end, both inclusive), <see cref="IndexConditionKind.Prefix"/>
/// one. <paramref name="OrEmpty"/> also selects entities that have no value for the column (the
/// settings page's empty matching).
/// </summary>
public sealed record IndexCondition(IndexColumn Column, IndexConditionKind Kind, IReadOnlyList<string> Values, bool OrEmpty = false);

public enum IndexConditionKind
{
    Equal,
    AnyOf,
    Range,
    Prefix,
}

/// <summary>
/// The lookup columns of the index. Text is decoded Unicode; the <c>Folded</c> ones hold
/// <see cref="IndexTextFolding.Fold"/> of the value, for matching without regard to case; Study
/// Date is <c>YYYYMMDD</c>.
/// </summary>
public enum IndexColumn
{
    PatientId,
    PatientIdFolded,
    PatientNameFolded,
    StudyInstanceUid,
    StudyDate,
    AccessionNumber,
    AccessionNumberFolded,
    SeriesInstanceUid,
    Modality,
    SopInstanceUid,
    SopClassUid,
}
