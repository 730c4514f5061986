namespace Osprey.Dicom.Text;

/// <summary>
/// The default repertoire ISO-IR 6 (ESC 02/08 04/02) or JIS X 0201 Romaji ISO-IR 14 (ESC 02/08 04/10) in G0
/// (PS3.5 §6.1.2.1, PS3.3 Table C.12-3). ISO-IR 14 differs from ASCII only at 0x5C (YEN SIGN) and 0x7E
/// (OVERLINE); both are decoded as ASCII here, as pydicom does, so that 0x5C stays the DICOM value
/// delimiter.
/// </summary>
internal sealed class AsciiCodeElement(string description, string escapeSequence)
    : CodeElement(description, escapeSequence, isG1: false, isMultiByte: false)
{
    public override int Decode(ReadOnlySpan<byte> bytes, int index, out int codePoint)
    {
        codePoint = bytes[index] < 0x80 ? bytes[index] : -1;
        return 1;
    }

    public override int Encode(char c, Span<byte> destination)
    {
        if (c is < '\u0020' or > '\u007E') return 0;
        destination[0] = (byte)c;
        return 1;
    }
}
