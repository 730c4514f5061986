using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>
/// Wild Card Matching, PS3.4 C.2.2.2.4: "*" matches any sequence of characters (none included), "?" any single
/// character, for the VRs AE, CS, LO, LT, PN, SH, ST, UC, UR and UT; "*" alone is Universal Matching.
/// </summary>
public class WildcardMatchingTests
{
    [Theory]
    [InlineData("CT*", "CT Abdomen", true)]
    [InlineData("*Abdomen", "CT Abdomen", true)]
    [InlineData("*Abd*", "CT Abdomen", true)]
    [InlineData("CT?Abdomen", "CT Abdomen", true)]
    [InlineData("CT?", "CT Abdomen", false)]
    [InlineData("C?", "CT", true)]
    [InlineData("C?", "C", false)] // "?" is exactly one character
    [InlineData("CT*", "CT", true)] // "*" matches the empty sequence
    [InlineData("*a*b", "xaab", true)]
    [InlineData("a*b*c", "abcbc", true)]
    [InlineData("a*b", "acbd", false)]
    [InlineData("**x", "yx", true)]
    public void Stars_and_question_marks(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.StudyDescription, query, stored, CaseSensitive));

    [Theory]
    // "?" stands for one character, however many bytes its encoding takes (two in JIS X 0208, three in UTF-8).
    [InlineData("=山?^太郎", "Yamada^Tarou=山田^太郎", true)]
    [InlineData("=?^太郎", "Yamada^Tarou=山田^太郎", false)]
    [InlineData("=??^太郎", "Yamada^Tarou=山田^太郎", true)]
    [InlineData("==やま?^*", "Yamada^Tarou=山田^太郎=やまだ^たろう", true)]
    [InlineData("=?田^太郎", "Yoshida^Tarou=𠮷田^太郎", true)] // U+20BB7, outside the BMP: one character, two UTF-16 units
    [InlineData("=??田^太郎", "Yoshida^Tarou=𠮷田^太郎", false)]
    [InlineData("Hong^Gil????", "Hong^Gildong", true)]
    [InlineData("Hong^Gil???", "Hong^Gildong", false)]
    [InlineData("=?^吉?", "Hong^Gildong=洪^吉洞", true)]
    public void Question_marks_on_multi_byte_characters(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.PatientName, query, stored));

    [Fact]
    public void A_question_mark_matches_one_character_sent_in_iso_2022()
    {
        // The query arrives in ISO 2022 IR 87 (JIS X 0208), the stored name is UTF-8.
        var identifier = Identifier("STUDY", "\\ISO 2022 IR 87", (DicomTags.PatientName, "=山?^太郎"));
        var key = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, Relational).Find(DicomTags.PatientName)!;
        Assert.Equal(["=山?^太郎"], key.Values);
        Assert.True(QueryMatcher.Matches(key, Entity((DicomTags.PatientName, "Yamada^Tarou=山田^太郎")), QueryOptions.Default));
    }

    [Theory]
    [InlineData("C?", "CT", true)] // CS allows wild cards
    [InlineData("*", "CT", true)]
    [InlineData("M*", "CT", false)]
    public void Code_strings(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.Modality, query, stored));

    [Theory]
    [InlineData(0x00100010u)] // PN
    [InlineData(0x00081030u)] // LO
    [InlineData(0x00080060u)] // CS
    [InlineData(0x0020000Du)] // UI
    [InlineData(0x00080020u)] // DA
    [InlineData(0x00200011u)] // IS
    public void A_lone_star_is_universal_matching(uint tag)
    {
        var key = Key(new DicomTag(tag), "*");
        Assert.Equal(MatchKind.Universal, key.Kind);
        Assert.True(QueryMatcher.Matches(key, Entity(), NoEmptyMatching)); // even for an entity without the attribute
    }

    [Theory]
    [InlineData(0x0020000Du, "1.2.3.*")] // UI: List of UID Matching only
    [InlineData(0x00080020u, "2024*")] // DA: Range Matching instead
    [InlineData(0x00200011u, "1?")] // IS
    [InlineData(0x00101010u, "04?Y")] // AS
    public void Other_vrs_refuse_wild_cards(uint tag, string query)
    {
        var e = Assert.Throws<QueryException>(() => Key(new DicomTag(tag), query));
        Assert.Equal(QueryStatus.UnableToProcess, e.Status);
        Assert.Equal(new DicomTag(tag), e.OffendingElement);
    }

    [Fact]
    public void The_key_is_a_wildcard_key() => Assert.Equal(MatchKind.Wildcard, Key(DicomTags.StudyDescription, "CT*").Kind);
}
