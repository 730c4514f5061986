using Osprey.Dicom.Data;

namespace Osprey.Dicom.Text;

/// <summary>
/// Where the initial code elements (those of value 1 of Specific Character Set) are active again, per
/// PS3.5 §6.1.2.5.3: before CR, LF, FF and every other control character except ESC (e.g. TAB); before the
/// backslash that separates the values of a multi-valued element; and, in PN, before the "^" and "="
/// delimiters of components and component groups. The encoder switches back before these characters, the
/// decoder resets its state at them.
/// </summary>
internal static class CodeExtensionDelimiters
{
    public const int Escape = 0x1B;

    /// <summary>True when <paramref name="c"/> (a byte or a UTF-16 code unit below 0x80) resets to the initial code elements in a value of <paramref name="vr"/>.</summary>
    public static bool IsDelimiter(int c, DicomVR vr) => c switch
    {
        < 0x20 => c != Escape,
        '\\' => vr is not (DicomVR.LT or DicomVR.ST or DicomVR.UT),
        '^' or '=' => vr == DicomVR.PN,
        _ => false,
    };
}
