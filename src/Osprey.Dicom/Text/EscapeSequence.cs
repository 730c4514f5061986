namespace Osprey.Dicom.Text;

/// <summary>
/// Parses an ISO/IEC 2022 escape sequence (ESC, intermediate bytes 02/00–02/15, one final byte 03/00–07/14)
/// and finds the code element it designates among those of PS3.3 Tables C.12-3 and C.12-4
/// (PS3.5 §6.1.2.5.1).
/// </summary>
internal static class EscapeSequence
{
    /// <summary>
    /// Reads the escape sequence at <paramref name="index"/> (which holds ESC). Returns the number of bytes
    /// it occupies (only ESC and its intermediates when it is truncated or malformed) and the element it
    /// designates, or null when it designates none that DICOM knows.
    /// </summary>
    public static int Parse(ReadOnlySpan<byte> bytes, int index, out CodeElement? element)
    {
        element = null;
        int i = index + 1;
        while (i < bytes.Length && bytes[i] is >= 0x20 and <= 0x2F) i++;
        if (i >= bytes.Length || bytes[i] is < 0x30 or > 0x7E) return i - index;
        int length = i + 1 - index;
        element = bytes.Slice(index + 1, length - 1) switch
        {
            [(byte)'(', (byte)'B'] => CodeElements.Ascii,
            [(byte)'(', (byte)'J'] => CodeElements.JisRoman,
            [(byte)')', (byte)'I'] => CodeElements.Katakana,
            [(byte)'-', var final] => final switch
            {
                (byte)'A' => CodeElements.Latin1,
                (byte)'B' => CodeElements.Latin2,
                (byte)'C' => CodeElements.Latin3,
                (byte)'D' => CodeElements.Latin4,
                (byte)'F' => CodeElements.Greek,
                (byte)'G' => CodeElements.Arabic,
                (byte)'H' => CodeElements.Hebrew,
                (byte)'L' => CodeElements.Cyrillic,
                (byte)'M' => CodeElements.Latin5,
                (byte)'T' => CodeElements.Thai,
                (byte)'b' => CodeElements.Latin9,
                _ => null,
            },
            [(byte)'$', (byte)'B'] => CodeElements.JisX0208,
            [(byte)'$', (byte)'(', (byte)'D'] => CodeElements.JisX0212,
            [(byte)'$', (byte)')', (byte)'C'] => CodeElements.KsX1001,
            [(byte)'$', (byte)')', (byte)'A'] => CodeElements.Gb2312,
            _ => null,
        };
        return length;
    }
}
