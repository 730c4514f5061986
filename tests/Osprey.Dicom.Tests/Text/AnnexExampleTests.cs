using System.Text;
using Osprey.Dicom.Data;
using Osprey.Dicom.Text;

namespace Osprey.Dicom.Tests.Text;

/// <summary>
/// The encoding examples of PS3.5 Annex H (Japanese), I (Korean), J (Chinese: UTF-8, GB18030, GBK) and K
/// (Chinese with ISO 2022 IR 58): decoding the standard's byte sequences gives the names, and encoding the
/// names gives exactly those byte sequences (escape sequences and returns to the initial code element
/// included).
/// </summary>
public class AnnexExampleTests
{
    private const byte Esc = 0x1B;

    /// <summary>Builds a byte sequence from ASCII text parts and raw byte parts.</summary>
    private static byte[] Bytes(params object[] parts)
    {
        var list = new List<byte>();
        foreach (var part in parts)
        {
            if (part is string s) list.AddRange(Encoding.ASCII.GetBytes(s));
            else if (part is byte b) list.Add(b);
            else list.AddRange((byte[])part);
        }
        return list.ToArray();
    }

    private static readonly byte[] JisX0208 = [Esc, (byte)'$', (byte)'B'];
    private static readonly byte[] Ascii = [Esc, (byte)'(', (byte)'B'];
    private static readonly byte[] JisRoman = [Esc, (byte)'(', (byte)'J'];
    private static readonly byte[] KsX1001 = [Esc, (byte)'$', (byte)')', (byte)'C'];
    private static readonly byte[] Gb2312 = [Esc, (byte)'$', (byte)')', (byte)'A'];

    public static readonly TheoryData<string, string, byte[], string> Examples = new()
    {
        // Annex H, example 1: value 1 empty, JIS X 0208 kanji and hiragana in G0.
        {
            "H.3.1", "\\ISO 2022 IR 87",
            Bytes("Yamada^Tarou=", JisX0208, ";3ED", Ascii, "^", JisX0208, "B@O:", Ascii, "=",
                JisX0208, "$d$^$@", Ascii, "^", JisX0208, "$?$m$&", Ascii),
            "Yamada^Tarou=山田^太郎=やまだ^たろう"
        },
        // Annex H, example 2: JIS X 0201 katakana in G1 as initial set, JIS X 0201 Romaji in G0.
        {
            "H.3.2", "ISO 2022 IR 13\\ISO 2022 IR 87",
            Bytes(new byte[] { 0xD4, 0xCF, 0xC0, 0xDE }, "^", new byte[] { 0xC0, 0xDB, 0xB3 }, "=",
                JisX0208, ";3ED", JisRoman, "^", JisX0208, "B@O:", JisRoman, "=",
                JisX0208, "$d$^$@", JisRoman, "^", JisX0208, "$?$m$&", JisRoman),
            "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"
        },
        // Annex I: KS X 1001 in G1, designated again after every delimiter.
        {
            "I.2", "\\ISO 2022 IR 149",
            Bytes("Hong^Gildong=", KsX1001, new byte[] { 0xFB, 0xF3 }, "^", KsX1001, new byte[] { 0xD1, 0xCE, 0xD4, 0xD7 }, "=",
                KsX1001, new byte[] { 0xC8, 0xAB }, "^", KsX1001, new byte[] { 0xB1, 0xE6, 0xB5, 0xBF }),
            "Hong^Gildong=洪^吉洞=홍^길동"
        },
        // Annex J, example 1: UTF-8.
        {
            "J.3.1", "ISO_IR 192",
            Bytes("Wang^XiaoDong=", new byte[] { 0xE7, 0x8E, 0x8B }, "^", new byte[] { 0xE5, 0xB0, 0x8F, 0xE6, 0x9D, 0xB1 }, "="),
            "Wang^XiaoDong=王^小東="
        },
        // Annex J, example 2: GB18030.
        {
            "J.3.2", "GB18030",
            Bytes("Wang^XiaoDong=", new byte[] { 0xCD, 0xF5 }, "^", new byte[] { 0xD0, 0xA1, 0xB6, 0xAB }, "="),
            "Wang^XiaoDong=王^小东="
        },
        // The same name in GBK, which shares these codes with GB 2312 and GB18030.
        {
            "J GBK", "GBK",
            Bytes("Wang^XiaoDong=", new byte[] { 0xCD, 0xF5 }, "^", new byte[] { 0xD0, 0xA1, 0xB6, 0xAB }, "="),
            "Wang^XiaoDong=王^小东="
        },
        // Annex K: GB 2312 in G1 with ISO 2022 code extensions.
        {
            "K.2", "\\ISO 2022 IR 58",
            Bytes("Zhang^XiaoDong=", Gb2312, new byte[] { 0xD5, 0xC5 }, "^", Gb2312, new byte[] { 0xD0, 0xA1, 0xB6, 0xAB }, "="),
            "Zhang^XiaoDong=张^小东="
        },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void DecodesTheExample(string example, string specificCharacterSet, byte[] bytes, string name)
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet);
        var warnings = new List<string>();

        Assert.Equal(name, charset.Decode(bytes, DicomVR.PN, warnings));
        Assert.True(warnings.Count == 0, example + ": " + string.Join(" ", warnings));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void EncodesToTheExampleBytes(string example, string specificCharacterSet, byte[] bytes, string name)
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet);
        var warnings = new List<string>();

        byte[] encoded = charset.Encode(name, DicomVR.PN, warnings);

        Assert.True(bytes.AsSpan().SequenceEqual(encoded), $"{example}: {Convert.ToHexString(encoded)} instead of {Convert.ToHexString(bytes)}");
        Assert.Empty(warnings);
    }

    /// <summary>
    /// Text over several lines with ISO 2022 IR 58 (in the manner of Annex K): G1 returns to the initial state
    /// at CR and LF, so every line designates GB 2312 again.
    /// </summary>
    [Fact]
    public void MultiLineTextDesignatesAgainAfterEachLineBreak()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet("\\ISO 2022 IR 58");
        byte[] line1 = [0xB5, 0xDA, 0xD2, 0xBB, 0xD0, 0xD0, 0xCE, 0xC4, 0xD7, 0xD6, 0xA1, 0xA3]; // 第一行文字。
        byte[] bytes = Bytes("1.", Gb2312, line1, "\r\n", "2.", Gb2312, line1, "\r\n");
        const string text = "1.第一行文字。\r\n2.第一行文字。\r\n";

        Assert.Equal(text, charset.Decode(bytes, DicomVR.LT));
        Assert.Equal(bytes, charset.Encode(text, DicomVR.LT));
    }
}
