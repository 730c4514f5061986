using System.Text;
using Osprey.Archive.Index;
using Osprey.Dicom.Data;

namespace Osprey.Archive.Query;

/// <summary>
/// The text rules matching depends on: which VRs allow which types of matching (PS3.4 C.2.2.2.1, C.2.2.2.4,
/// C.2.2.2.5, C.2.2.2.7, C.2.2.2.8), which spaces of a value are insignificant (PS3.5 Table 6.2-1), and case
/// folding. Query values and stored values go through the same trimming and folding.
/// </summary>
internal static class QueryText
{
    /// <summary>The two QUOTATION MARKs that ask for Empty Value Matching (PS3.4 C.2.2.2.7).</summary>
    public const string EmptyValueToken = "\"\"";

    /// <summary>VRs whose values may hold "*" and "?" for Wild Card Matching (PS3.4 C.2.2.2.4).</summary>
    public static bool AllowsWildcards(DicomVR vr) => vr is DicomVR.AE or DicomVR.CS or DicomVR.LO or DicomVR.LT
        or DicomVR.PN or DicomVR.SH or DicomVR.ST or DicomVR.UC or DicomVR.UR or DicomVR.UT;

    /// <summary>VRs of Range Matching (PS3.4 C.2.2.2.5: "Range Matching is not defined for types of Attributes other than dates and times").</summary>
    public static bool IsDateOrTime(DicomVR vr) => vr is DicomVR.DA or DicomVR.TM or DicomVR.DT;

    /// <summary>VRs for which a value of two QUOTATION MARKs asks for Empty Value Matching (PS3.4 C.2.2.2.7).</summary>
    public static bool AllowsEmptyValueMatching(DicomVR vr) => vr is DicomVR.AE or DicomVR.CS or DicomVR.DA
        or DicomVR.DT or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH or DicomVR.ST or DicomVR.TM
        or DicomVR.UC or DicomVR.UR or DicomVR.UT;

    /// <summary>VRs of Multiple Value Matching (PS3.4 C.2.2.2.8), for attributes whose defined VM is greater than 1.</summary>
    public static bool AllowsMultipleValueMatching(DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.AT
        or DicomVR.CS or DicomVR.LO or DicomVR.PN or DicomVR.SH or DicomVR.UC;

    /// <summary>Numeric VRs: Single Value Matching compares numbers (PS3.4 C.2.2.2.1 leaves IS and DS to the implementation).</summary>
    public static bool IsNumeric(DicomVR vr) => vr is DicomVR.IS or DicomVR.DS or DicomVR.US or DicomVR.SS
        or DicomVR.UL or DicomVR.SL or DicomVR.UV or DicomVR.SV or DicomVR.FL or DicomVR.FD;

    /// <summary>Binary numeric VRs, whose values are not text.</summary>
    public static bool IsBinaryNumber(DicomVR vr) => vr is DicomVR.US or DicomVR.SS or DicomVR.UL or DicomVR.SL
        or DicomVR.UV or DicomVR.SV or DicomVR.FL or DicomVR.FD;

    /// <summary>
    /// Removes the insignificant spaces of one value (PS3.5 Table 6.2-1): leading and trailing for AE, AS,
    /// CS, DA, DS, DT, IS, LO, SH, TM and UI (and NUL padding of UI), trailing for the others, whose leading
    /// spaces are significant.
    /// </summary>
    public static string Trim(string value, DicomVR vr) => vr switch
    {
        DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA or DicomVR.DS or DicomVR.DT or DicomVR.IS
            or DicomVR.LO or DicomVR.SH or DicomVR.TM or DicomVR.UI => value.Trim(' ', '\0'),
        _ => value.TrimEnd(' ', '\0'),
    };

    /// <summary>True when the value has a wild card character.</summary>
    public static bool HasWildcard(string value) => value.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>True for "*", "**", …: Wild Card Matching equivalent to Universal Matching (PS3.4 C.2.2.2.4).</summary>
    public static bool IsOnlyStars(string value) => value.Length > 0 && !value.AsSpan().ContainsAnyExcept('*');

    /// <summary>The text as compared: folded by the index's folding unless the comparison is case-sensitive.</summary>
    public static string Compared(string text, bool caseSensitive) => caseSensitive ? text : IndexTextFolding.Fold(text);

    /// <summary>The Unicode scalar values of a text: one "character" of Wild Card Matching each.</summary>
    public static int[] CodePoints(string text)
    {
        var result = new List<int>(text.Length);
        foreach (Rune rune in text.EnumerateRunes()) result.Add(rune.Value);
        return [.. result];
    }
}
