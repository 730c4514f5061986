using Osprey.Dicom.Data;

namespace Osprey.Dicom.Text;

/// <summary>
/// The human-readable warnings that reading and writing Specific Character Set (0008,0005) values produces
/// (PS3.3 C.12.1.1.2, PS3.5 §6.1).
/// </summary>
internal static class CharacterSetMessages
{
    public static string Name(string characterSet) => characterSet.Length == 0 ? "default repertoire" : characterSet;

    public static string Unencodable(int count, DicomVR vr, string characterSet) =>
        $"{count} character(s) of a {DicomVRInfo.ToText(vr)} value cannot be represented in Specific Character Set '{Name(characterSet)}' and were replaced by '?'.";

    public static string Undecodable(int count, DicomVR vr, string characterSet) =>
        $"{count} byte(s) of a {DicomVRInfo.ToText(vr)} value are not valid in Specific Character Set '{Name(characterSet)}' and were replaced by U+FFFD.";

    public static string InvalidBytes(DicomVR vr, string characterSet) =>
        $"A {DicomVRInfo.ToText(vr)} value has bytes that are not valid in Specific Character Set '{Name(characterSet)}'; they were replaced by U+FFFD.";

    public static string OutsideRepertoire(int count, DicomVR vr, string characterSet) =>
        $"{count} byte(s) above 0x7F in a {DicomVRInfo.ToText(vr)} value lie outside Specific Character Set '{Name(characterSet)}'; decoded as ISO 8859-1.";

    public static string UnknownEscape(int count, DicomVR vr) =>
        $"{count} unknown or malformed escape sequence(s) in a {DicomVRInfo.ToText(vr)} value were kept as characters.";

    public static string UndeclaredEscape(CodeElement element, DicomVR vr, string characterSet) =>
        $"A {DicomVRInfo.ToText(vr)} value switches to {element.Description}, which Specific Character Set '{Name(characterSet)}' does not declare; decoded anyway.";
}
