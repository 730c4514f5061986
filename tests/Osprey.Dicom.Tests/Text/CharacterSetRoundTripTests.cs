using Osprey.Dicom.Data;
using Osprey.Dicom.Text;

namespace Osprey.Dicom.Tests.Text;

/// <summary>
/// Every Defined Term of PS3.3 C.12.1.1.2 (Tables C.12-2 to C.12-5): text that the set can represent
/// survives Encode then Decode unchanged, with no warning, in a PN, a multi-valued LO and a multi-line LT.
/// </summary>
public class CharacterSetRoundTripTests
{
    public static readonly TheoryData<string, string> Samples = new()
    {
        { "", "Doe^John=Jr" },
        { "ISO_IR 6", "Doe^John" },
        { "ISO_IR 100", "Buc^Jérôme=Äneas Rüdiger ß" },
        { "ISO_IR 101", "Łódź^Čeština Őr" },
        { "ISO_IR 109", "Ħal^Ġħarb Ĉu" },
        { "ISO_IR 110", "Ņēģis^Ŗīga ŧ" },
        { "ISO_IR 144", "Люксембург^Вера" },
        { "ISO_IR 127", "قباني^لنزار" },
        { "ISO_IR 126", "Διονυσιος^Ωμέγα ‘€’" },
        { "ISO_IR 138", "שרון^דבורה" },
        { "ISO_IR 148", "Şişli^Ğİı" },
        { "ISO_IR 203", "Œuvre^Šžÿ €" },
        { "ISO_IR 166", "กรุงเทพ^สมชาย" },
        { "ISO_IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ" },
        { "ISO 2022 IR 6", "Doe^John" },
        { "ISO 2022 IR 100", "Buc^Jérôme" },
        { "ISO 2022 IR 101", "Łódź^Čeština" },
        { "ISO 2022 IR 109", "Ħal^Ġħarb" },
        { "ISO 2022 IR 110", "Ņēģis^Ŗīga" },
        { "ISO 2022 IR 144", "Люксембург" },
        { "ISO 2022 IR 127", "قباني^لنزار" },
        { "ISO 2022 IR 126", "Διονυσιος" },
        { "ISO 2022 IR 138", "שרון^דבורה" },
        { "ISO 2022 IR 148", "Şişli^Ğİı" },
        { "ISO 2022 IR 203", "Œuvre^Šž €" },
        { "ISO 2022 IR 166", "กรุงเทพ^สมชาย" },
        { "ISO 2022 IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ" },
        { "\\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう" },
        { "ISO 2022 IR 13\\ISO 2022 IR 87", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう" },
        { "\\ISO 2022 IR 159", "丂^丄丅" },
        { "\\ISO 2022 IR 87\\ISO 2022 IR 159", "丂山^田丄 やまだ" },
        { "\\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동" },
        { "\\ISO 2022 IR 58", "Zhang^XiaoDong=张^小东=" },
        { "ISO 2022 IR 100\\ISO 2022 IR 126\\ISO 2022 IR 144", "Jérôme^Διονυσιος=Люкс é α ж" },
        { "\\ISO 2022 IR 100\\ISO 2022 IR 149", "Hong^Jérôme=홍^길동" },
        { "ISO_IR 192", "Wang^XiaoDong=王^小東=Ωμέγα 😀 مرحبا" },
        { "GB18030", "Wang^XiaoDong=王^小东=Ωμέγα 😀" },
        { "GBK", "Wang^XiaoDong=王^小东=中文" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void PersonNameRoundTrips(string specificCharacterSet, string text) => AssertRoundTrip(specificCharacterSet, text, DicomVR.PN);

    [Theory]
    [MemberData(nameof(Samples))]
    public void MultiValuedLongStringRoundTrips(string specificCharacterSet, string text) =>
        AssertRoundTrip(specificCharacterSet, text.Replace('^', '\\'), DicomVR.LO);

    [Theory]
    [MemberData(nameof(Samples))]
    public void MultiLineTextRoundTrips(string specificCharacterSet, string text) =>
        AssertRoundTrip(specificCharacterSet, text.Replace("^", "\r\n").Replace("=", "\t\\"), DicomVR.LT);

    private static void AssertRoundTrip(string specificCharacterSet, string text, DicomVR vr)
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet);
        Assert.Empty(charset.Warnings);
        var warnings = new List<string>();

        byte[] encoded = charset.Encode(text, vr, warnings);
        string decoded = charset.Decode(encoded, vr, warnings);

        Assert.Equal(text, decoded);
        Assert.Empty(warnings);
    }
}
