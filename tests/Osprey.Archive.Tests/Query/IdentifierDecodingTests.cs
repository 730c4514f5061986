using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>
/// Identifiers are decoded with their Specific Character Set (PS3.4 C.2.2.2: it "specifies how other Attributes
/// are encoded in the Request and Response Identifiers"), so that a name asked for in any character set finds
/// the same name stored in UTF-8. The bytes are those of pydicom's charset_files (PS3.5 Annex H, I, J examples
/// and single-byte sets).
/// </summary>
public class IdentifierDecodingTests
{
    public static readonly TheoryData<string, byte[], string> Names = new()
    {
        // chrH31.dcm: PS3.5 Annex H, Japanese in ISO 2022 IR 87 (JIS X 0208 designated by ESC $ B)
        { "\\ISO 2022 IR 87",
            [0x59, 0x61, 0x6D, 0x61, 0x64, 0x61, 0x5E, 0x54, 0x61, 0x72, 0x6F, 0x75, 0x3D, 0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42, 0x5E, 0x1B, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, 0x1B, 0x28, 0x42, 0x3D, 0x1B, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5E, 0x24, 0x40, 0x1B, 0x28, 0x42, 0x5E, 0x1B, 0x24, 0x42, 0x24, 0x3F, 0x24, 0x6D, 0x24, 0x26, 0x1B, 0x28, 0x42],
            "Yamada^Tarou=山田^太郎=やまだ^たろう" },
        // chrH32.dcm: half-width katakana (ISO 2022 IR 13) and JIS X 0208
        { "ISO 2022 IR 13\\ISO 2022 IR 87",
            [0xD4, 0xCF, 0xC0, 0xDE, 0x5E, 0xC0, 0xDB, 0xB3, 0x3D, 0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x4A, 0x5E, 0x1B, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, 0x1B, 0x28, 0x4A, 0x3D, 0x1B, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5E, 0x24, 0x40, 0x1B, 0x28, 0x4A, 0x5E, 0x1B, 0x24, 0x42, 0x24, 0x3F, 0x24, 0x6D, 0x24, 0x26, 0x1B, 0x28, 0x4A],
            "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう" },
        // chrI2.dcm: PS3.5 Annex I, Korean in ISO 2022 IR 149 (KS X 1001 designated by ESC $ ) C)
        { "\\ISO 2022 IR 149",
            [0x48, 0x6F, 0x6E, 0x67, 0x5E, 0x47, 0x69, 0x6C, 0x64, 0x6F, 0x6E, 0x67, 0x3D, 0x1B, 0x24, 0x29, 0x43, 0xFB, 0xF3, 0x5E, 0x1B, 0x24, 0x29, 0x43, 0xD1, 0xCE, 0xD4, 0xD7, 0x3D, 0x1B, 0x24, 0x29, 0x43, 0xC8, 0xAB, 0x5E, 0x1B, 0x24, 0x29, 0x43, 0xB1, 0xE6, 0xB5, 0xBF],
            "Hong^Gildong=洪^吉洞=홍^길동" },
        // chrX1.dcm: PS3.5 Annex J, UTF-8
        { "ISO_IR 192",
            [0x57, 0x61, 0x6E, 0x67, 0x5E, 0x58, 0x69, 0x61, 0x6F, 0x44, 0x6F, 0x6E, 0x67, 0x3D, 0xE7, 0x8E, 0x8B, 0x5E, 0xE5, 0xB0, 0x8F, 0xE6, 0x9D, 0xB1, 0x3D],
            "Wang^XiaoDong=王^小東=" },
        // chrX2.dcm: GB18030
        { "GB18030",
            [0x57, 0x61, 0x6E, 0x67, 0x5E, 0x58, 0x69, 0x61, 0x6F, 0x44, 0x6F, 0x6E, 0x67, 0x3D, 0xCD, 0xF5, 0x5E, 0xD0, 0xA1, 0xB6, 0xAB, 0x3D],
            "Wang^XiaoDong=王^小东=" },
        // chrFren.dcm, chrGreek.dcm, chrRuss.dcm, chrArab.dcm, chrHbrw.dcm
        { "ISO_IR 100", [0x42, 0x75, 0x63, 0x5E, 0x4A, 0xE9, 0x72, 0xF4, 0x6D, 0x65], "Buc^Jérôme" },
        { "ISO_IR 126", [0xC4, 0xE9, 0xEF, 0xED, 0xF5, 0xF3, 0xE9, 0xEF, 0xF2], "Διονυσιος" },
        { "ISO_IR 144", [0xBB, 0xEE, 0xDA, 0x63, 0x65, 0xDC, 0xD1, 0x79, 0x70, 0xD3], "Люкceмбypг" },
        { "ISO_IR 127", [0xE2, 0xC8, 0xC7, 0xE6, 0xEA, 0x5E, 0xE4, 0xE6, 0xD2, 0xC7, 0xD1], "قباني^لنزار" },
        { "ISO_IR 138", [0xF9, 0xF8, 0xE5, 0xEF, 0x5E, 0xE3, 0xE1, 0xE5, 0xF8, 0xE4], "שרון^דבורה" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void A_name_sent_in_any_character_set_finds_the_name_stored_in_utf8(string characterSet, byte[] bytes, string name)
    {
        var identifier = Identifier("STUDY", characterSet);
        identifier.AddOrUpdate(Raw(DicomTags.PatientName, DicomVR.PN, bytes));
        var query = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None);

        var key = query.Find(DicomTags.PatientName)!;
        Assert.Equal(name, Assert.Single(key.Values));
        Assert.Equal(characterSet, query.RequestCharacterSet);
        Assert.True(QueryMatcher.Matches(query, Entity((DicomTags.PatientName, name)), new QueryOptions(CaseSensitive: true, EmptyMatching: false)));
        Assert.False(QueryMatcher.Matches(query, Entity((DicomTags.PatientName, "Doe^John")), new QueryOptions(CaseSensitive: true, EmptyMatching: false)));
    }

    [Theory]
    [InlineData("\\ISO 2022 IR 87", "=山田^太郎")]
    [InlineData("\\ISO 2022 IR 87", "Yamada*")]
    [InlineData("ISO_IR 192", "=山田^太郎")]
    [InlineData("ISO_IR 192", "==やまだ^*")]
    [InlineData("\\ISO 2022 IR 149", "==홍^길동")]
    [InlineData("\\ISO 2022 IR 58", "=王^小东")]
    public void Identifiers_encoded_and_decoded_on_the_wire(string characterSet, string queryName)
    {
        // Encoded with Osprey's encoder, written as a data set in Explicit VR Little Endian, read back.
        var identifier = Identifier("STUDY", characterSet, (DicomTags.PatientName, queryName), (DicomTags.StudyInstanceUID, ""));
        var stream = new MemoryStream();
        DicomDatasetWriter.Write(identifier, stream, DicomTransferSyntax.ExplicitVRLittleEndian);
        var received = DicomDatasetDecoder.Decode(stream.ToArray(), DicomTransferSyntax.ExplicitVRLittleEndian);
        if (characterSet.Contains("2022") && !System.Text.Ascii.IsValid(queryName))
            Assert.Contains((byte)0x1B, ((DicomValueElement)received[DicomTags.PatientName]!).Value.ToArray()); // escape sequences on the wire

        var query = DicomQuery.Parse(received, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None);
        Assert.Equal(queryName, query.Find(DicomTags.PatientName)!.Values[0]);

        var stored = new[]
        {
            "Yamada^Tarou=山田^太郎=やまだ^たろう", "Hong^Gildong=洪^吉洞=홍^길동", "Wang^XiaoDong=王^小东",
        };
        Assert.Single(stored, s => QueryMatcher.Matches(query, Entity((DicomTags.PatientName, s)), QueryOptions.Default));
    }

    [Fact]
    public void Stored_text_is_decoded_with_the_entitys_own_character_set()
    {
        // The entity keeps its name in ISO 2022 IR 87; the query is UTF-8.
        var entity = new DicomDataset();
        entity.AddOrUpdate(DicomTags.SpecificCharacterSet, "", "ISO 2022 IR 87");
        entity.AddOrUpdate(DicomTags.PatientName, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        Assert.Contains((byte)0x1B, ((DicomValueElement)entity[DicomTags.PatientName]!).Value.ToArray());
        Assert.True(QueryMatcher.Matches(Key(DicomTags.PatientName, "=山田^太郎"), entity, QueryOptions.Default));
    }
}
