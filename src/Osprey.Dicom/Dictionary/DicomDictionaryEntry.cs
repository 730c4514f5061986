using Osprey.Dicom.Data;

namespace Osprey.Dicom.Dictionary;

/// <summary>
/// One row of the registry of DICOM data elements (PS3.6 §6, with the file meta elements of §7) or of the
/// command dictionary (PS3.7 Annex E): tag, VR, VM, name, keyword and whether it is retired.
/// </summary>
/// <remarks>
/// A repeating-group entry such as (60xx,3000) has <see cref="Tag"/> (6000,3000), each x as 0, and a
/// <see cref="Mask"/> with 0 in the bits of the x digits (0xFF00FFFF), so a tag <c>t</c> belongs to it when
/// <c>(t.Value &amp; Mask) == Tag.Value</c>. The dictionary hands out one object per entry: compare them by
/// reference, and do not change the <see cref="VRs"/> array.
/// </remarks>
public sealed class DicomDictionaryEntry
{
    /// <summary>Creates an entry; <see cref="VRText"/> is the VRs joined with " or ".</summary>
    public DicomDictionaryEntry(DicomTag tag, uint mask, DicomVR[] vrs, string vm, string keyword, string name, bool retired)
        : this(tag, mask, vrs, string.Join(" or ", vrs.Select(DicomVRInfo.ToText)), vm, keyword, name, retired)
    {
    }

    internal DicomDictionaryEntry(DicomTag tag, uint mask, DicomVR[] vrs, string vrText, string vm, string keyword, string name, bool retired)
    {
        ArgumentNullException.ThrowIfNull(vrs);
        Tag = new DicomTag(tag.Value & mask);
        Mask = mask;
        VRs = vrs;
        VR = vrs.Length > 0 ? vrs[0] : DicomVR.None;
        VRText = vrText;
        VM = vm;
        Keyword = keyword;
        Name = name;
        Retired = retired;
    }

    /// <summary>The tag, with the varying digits of a repeating group as 0.</summary>
    public DicomTag Tag { get; }

    /// <summary>0xFFFFFFFF, or 0 in the four bits of each x digit of a repeating-group tag.</summary>
    public uint Mask { get; }

    /// <summary>
    /// Every VR the registry allows, in its order (US, SS for "US or SS"); empty for the items and delimiters
    /// (FFFE,E000), (FFFE,E00D) and (FFFE,E0DD), which have none. Do not modify.
    /// </summary>
    public DicomVR[] VRs { get; }

    /// <summary>The first of <see cref="VRs"/>, or <see cref="DicomVR.None"/> when there is none.</summary>
    public DicomVR VR { get; }

    /// <summary>The VRs as the registry writes them: "US or SS"; empty when there is none.</summary>
    public string VRText { get; }

    /// <summary>Value multiplicity as the registry writes it: "1", "1-n", "2-2n", …</summary>
    public string VM { get; }

    /// <summary>The keyword ("PatientName"); empty for the few retired entries that have none.</summary>
    public string Keyword { get; }

    /// <summary>The name ("Patient's Name").</summary>
    public string Name { get; }

    /// <summary>Retired from the standard: readers still meet it, writers should not create it.</summary>
    public bool Retired { get; }

    /// <summary>Whether the registry gives the tag with x digits, as in (60xx,3000) or (1000,xxx0).</summary>
    public bool IsRepeatingGroup => Mask != 0xFFFFFFFFu;

    /// <summary>Whether <paramref name="tag"/> is this entry's tag or, for a repeating group, one of its tags.</summary>
    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag.Value;

    public override string ToString() => $"{FormatTag()} {Name} {(VRText.Length == 0 ? "-" : VRText)} VM {VM}{(Retired ? " (retired)" : "")}";

    private string FormatTag()
    {
        if (!IsRepeatingGroup) return Tag.ToString();
        Span<char> digits = stackalloc char[8];
        for (int i = 0; i < 8; i++)
        {
            int shift = 28 - 4 * i;
            digits[i] = ((Mask >> shift) & 0xF) == 0 ? 'x' : "0123456789ABCDEF"[(int)((Tag.Value >> shift) & 0xF)];
        }
        return "(" + new string(digits[..4]) + "," + new string(digits[4..]) + ")";
    }
}
