namespace Osprey.Dicom.Text;

/// <summary>
/// Builds the 94 × 94 tables of the multi-byte sets of PS3.3 Table C.12-4 from the runtime code pages, which
/// hold them in their EUC form (both bytes with the high bit set): JIS X 0208 from EUC-JP (20932), KS X 1001
/// from code page 949 (whose 0xA1–0xFE × 0xA1–0xFE block is EUC-KR), GB 2312 from code page 20936. JIS X 0212
/// is not decoded by any runtime code page and comes from <see cref="JisX0212Table"/>.
/// </summary>
internal static class DoubleByteTables
{
    /// <summary>Marks an unassigned cell.</summary>
    public const char Undefined = '\uFFFF';

    /// <summary>JIS X 0208 (ISO-IR 87). EUC-JP also decodes the NEC row 13 extension, which is kept for decoding only.</summary>
    public static char[] JisX0208() => FromEuc(20932);

    /// <summary>KS X 1001 (ISO-IR 149).</summary>
    public static char[] KsX1001() => FromEuc(949);

    /// <summary>
    /// GB 2312 (ISO-IR 58). Code page 20936 lacks 0x212C, DOUBLE VERTICAL LINE (U+2016) in GB 2312, which is
    /// added back.
    /// </summary>
    public static char[] Gb2312()
    {
        var table = FromEuc(20936);
        table[(0x21 - 0x21) * 94 + (0x2C - 0x21)] = '\u2016';
        return table;
    }

    /// <summary>JIS X 0212 (ISO-IR 159).</summary>
    public static char[] JisX0212()
    {
        var table = new char[94 * 94];
        Array.Fill(table, Undefined);
        for (int r = 0; r < 94; r++)
        {
            var row = JisX0212Table.Rows[r];
            if (row is null) continue;
            for (int c = 0; c < 94; c++)
            {
                if (row[c] != '\uFFFD') table[r * 94 + c] = row[c];
            }
        }
        return table;
    }

    /// <summary>JIS X 0208 codes that the encoder may produce: all but the NEC extension row 13 (0x2D).</summary>
    public static bool IsStandardJisX0208(int row, int cell) => row != 0x2D;

    private static char[] FromEuc(int codePage)
    {
        var encoding = CodePages.Get(codePage);
        var table = new char[94 * 94];
        Span<byte> pair = stackalloc byte[2];
        Span<char> chars = stackalloc char[4];
        for (int r = 0; r < 94; r++)
        {
            for (int c = 0; c < 94; c++)
            {
                pair[0] = (byte)(0xA1 + r);
                pair[1] = (byte)(0xA1 + c);
                int n = encoding.GetChars(pair, chars);
                char ch = n == 1 ? chars[0] : Undefined;
                if (ch == '\uFFFD' || CodePages.IsPrivateUse(ch) || char.IsSurrogate(ch)) ch = Undefined;
                table[r * 94 + c] = ch;
            }
        }
        return table;
    }
}
