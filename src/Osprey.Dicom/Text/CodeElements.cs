namespace Osprey.Dicom.Text;

/// <summary>
/// The code elements that the Defined Terms of PS3.3 C.12.1.1.2 designate, with the escape sequences of
/// Tables C.12-3 (single-byte) and C.12-4 (multi-byte) and the code page each table comes from.
/// </summary>
internal static class CodeElements
{
    /// <summary>ISO-IR 6, the default repertoire, in G0 (ESC ( B).</summary>
    public static readonly AsciiCodeElement Ascii = new("ISO-IR 6 (default repertoire)", "\u001B(B");

    /// <summary>ISO-IR 14, JIS X 0201 Romaji, in G0 (ESC ( J).</summary>
    public static readonly AsciiCodeElement JisRoman = new("ISO-IR 14 (JIS X 0201 Romaji)", "\u001B(J");

    public static readonly SingleByteCodeElement Latin1 = new("ISO-IR 100 (ISO 8859-1 Latin 1)", "\u001B-A", 28591);
    public static readonly SingleByteCodeElement Latin2 = new("ISO-IR 101 (ISO 8859-2 Latin 2)", "\u001B-B", 28592);
    public static readonly SingleByteCodeElement Latin3 = new("ISO-IR 109 (ISO 8859-3 Latin 3)", "\u001B-C", 28593);
    public static readonly SingleByteCodeElement Latin4 = new("ISO-IR 110 (ISO 8859-4 Latin 4)", "\u001B-D", 28594);
    public static readonly SingleByteCodeElement Cyrillic = new("ISO-IR 144 (ISO 8859-5 Cyrillic)", "\u001B-L", 28595);
    public static readonly SingleByteCodeElement Arabic = new("ISO-IR 127 (ISO 8859-6 Arabic)", "\u001B-G", 28596);

    /// <summary>
    /// ISO 8859-7. Code page 28597 maps 0xA1/0xA2 to modifier letters where ISO 8859-7 has quotation marks,
    /// and lacks the 2003 additions (euro, drachma, ypogegrammeni); corrected to the ISO mapping.
    /// </summary>
    public static readonly SingleByteCodeElement Greek = new("ISO-IR 126 (ISO 8859-7 Greek)", "\u001B-F", 28597,
        (0xA1, '\u2018'), (0xA2, '\u2019'), (0xA4, '\u20AC'), (0xA5, '\u20AF'), (0xAA, '\u037A'));

    /// <summary>ISO 8859-8. Code page 28598 has OVERLINE at 0xAF and lacks LRM/RLM at 0xFD/0xFE; corrected.</summary>
    public static readonly SingleByteCodeElement Hebrew = new("ISO-IR 138 (ISO 8859-8 Hebrew)", "\u001B-H", 28598,
        (0xAF, '\u00AF'), (0xFD, '\u200E'), (0xFE, '\u200F'));

    public static readonly SingleByteCodeElement Latin5 = new("ISO-IR 148 (ISO 8859-9 Latin 5)", "\u001B-M", 28599);
    public static readonly SingleByteCodeElement Latin9 = new("ISO-IR 203 (ISO 8859-15 Latin 9)", "\u001B-b", 28605);

    /// <summary>TIS 620-2533 from code page 874, whose extra punctuation at 0x80–0x9F is not used (C1 there).</summary>
    public static readonly SingleByteCodeElement Thai = new("ISO-IR 166 (TIS 620-2533 Thai)", "\u001B-T", 874);

    public static readonly DoubleByteCodeElement JisX0208 = new("ISO-IR 87 (JIS X 0208 Kanji)", "\u001B$B", isG1: false,
        DoubleByteTables.JisX0208, DoubleByteTables.IsStandardJisX0208);

    public static readonly DoubleByteCodeElement JisX0212 = new("ISO-IR 159 (JIS X 0212 supplementary Kanji)", "\u001B$(D", isG1: false,
        DoubleByteTables.JisX0212);

    public static readonly DoubleByteCodeElement KsX1001 = new("ISO-IR 149 (KS X 1001 Hangul and Hanja)", "\u001B$)C", isG1: true,
        DoubleByteTables.KsX1001);

    public static readonly DoubleByteCodeElement Gb2312 = new("ISO-IR 58 (GB 2312 Simplified Chinese)", "\u001B$)A", isG1: true,
        DoubleByteTables.Gb2312);

    public static readonly KatakanaCodeElement Katakana = new(JisX0208);
}
