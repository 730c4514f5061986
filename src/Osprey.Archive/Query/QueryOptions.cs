namespace Osprey.Archive.Query;

/// <summary>
/// Osprey's two matching settings (the settings page's "Case sensitivity" and "Empty matching",
/// <c>Dicom:CaseSensitiveQueries</c> and <c>Dicom:EmptyMatching</c>), applied on top of PS3.4 C.2.2.2.
/// </summary>
/// <param name="CaseSensitive">
/// True: text compares exactly, as PS3.4 C.2.2.2.1 requires for all VRs but PN. False (the default): every
/// text comparison ignores case, non-ASCII letters included, by <see cref="Index.IndexTextFolding.Fold"/>, the
/// folding the index uses.
/// </param>
/// <param name="EmptyMatching">
/// True (the default): an attribute that is absent or empty in the stored entity matches any criterion on it
/// (in the spirit of PS3.4 C.2.2.1.2 for Required Keys). False: such an attribute fails every criterion but
/// Universal Matching and Empty Value Matching.
/// </param>
public sealed record QueryOptions(bool CaseSensitive = false, bool EmptyMatching = true)
{
    /// <summary>The defaults of the settings page: case-insensitive, empty matching on.</summary>
    public static QueryOptions Default { get; } = new();
}
