namespace Osprey.Dicom.Text;

/// <summary>
/// JIS X 0201 Katakana, ISO-IR 13, in G1 (ESC 02/09 04/09; PS3.3 Table C.12-3, PS3.5 Annex H): bytes
/// 0xA1–0xDF are the half-width katakana U+FF61–U+FF9F. For decoding only, a Shift_JIS double-byte
/// sequence (lead 0x81–0x9F or 0xE0–0xEF) is accepted and read as the JIS X 0208 character it stands for,
/// as pydicom does by decoding ISO-IR 13 with a Shift_JIS codec; the encoder never produces one.
/// </summary>
internal sealed class KatakanaCodeElement(DoubleByteCodeElement jisX0208)
    : CodeElement("ISO-IR 13 (JIS X 0201 Katakana)", "\u001B)I", isG1: true, isMultiByte: false)
{
    public override int Decode(ReadOnlySpan<byte> bytes, int index, out int codePoint)
    {
        int b = bytes[index];
        codePoint = -1;
        if (b is >= 0xA1 and <= 0xDF)
        {
            codePoint = 0xFF61 + (b - 0xA1);
            return 1;
        }
        if (b is (>= 0x81 and <= 0x9F) or (>= 0xE0 and <= 0xEF) && index + 1 < bytes.Length)
        {
            int t = bytes[index + 1];
            if (t is (>= 0x40 and <= 0x7E) or (>= 0x80 and <= 0xFC))
            {
                // Shift_JIS to JIS X 0208 row/cell: each lead byte covers two rows.
                int row = (b - (b <= 0x9F ? 0x70 : 0xB0)) * 2;
                int cell;
                if (t >= 0x9F) cell = t - 0x7E;
                else
                {
                    row--;
                    cell = t - (t >= 0x80 ? 0x20 : 0x1F);
                }
                codePoint = jisX0208.Lookup(row, cell);
                // An unassigned pair spoils only its lead byte; the next byte is read on its own, as the
                // Shift_JIS codecs (and so pydicom) do.
                return codePoint < 0 ? 1 : 2;
            }
        }
        return 1;
    }

    public override int Encode(char c, Span<byte> destination)
    {
        if (c is < '\uFF61' or > '\uFF9F') return 0;
        destination[0] = (byte)(0xA1 + (c - '\uFF61'));
        return 1;
    }
}
