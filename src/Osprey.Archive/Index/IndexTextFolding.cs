namespace Osprey.Archive.Index;

/// <summary>
/// The case folding of the index's folded columns (patient names), so that a query can match
/// without regard to case where PS3.4 C.2.2.2.1 leaves that to the SCP. The same function folds
/// stored values and query values. Text is decoded Unicode by then, so folding works across
/// character sets: "müller" stored from ISO_IR 100 matches "MÜLLER" sent as UTF-8.
/// </summary>
public static class IndexTextFolding
{
    /// <summary>
    /// Upper case by Unicode's simple case mapping (culture independent; .NET applies it in full even
    /// with InvariantGlobalization).
    /// </summary>
    public static string Fold(string text) => text.ToUpperInvariant();
}
