using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>
/// Osprey's "Empty matching" setting (on: a stored attribute that is empty or absent matches any criterion on
/// it; off: it fails), and Empty Value Matching of PS3.4 C.2.2.2.7 (negotiated: a value of two QUOTATION
/// MARKs matches exactly the entities whose attribute has no value).
/// </summary>
public class EmptyMatchingTests
{
    public static readonly TheoryData<uint, string> Criteria = new()
    {
        { 0x00100010u, "Doe^John" }, // PN, single value
        { 0x00100010u, "Doe*" }, // PN, wild card
        { 0x00080050u, "ACC-1" }, // SH
        { 0x00080020u, "20240101-20241231" }, // DA range
        { 0x00080030u, "1000" }, // TM
        { 0x00201206u, "3" }, // IS
        { 0x0020000Du, "1.2.3\\1.2.4" }, // UI list
    };

    [Theory]
    [MemberData(nameof(Criteria))]
    public void An_absent_attribute_matches_only_with_empty_matching_on(uint tag, string query)
    {
        var key = Key(new DicomTag(tag), query);
        Assert.True(QueryMatcher.Matches(key, Entity(), CaseInsensitive));
        Assert.False(QueryMatcher.Matches(key, Entity(), NoEmptyMatching));
    }

    [Theory]
    [MemberData(nameof(Criteria))]
    public void A_zero_length_attribute_matches_only_with_empty_matching_on(uint tag, string query)
    {
        var key = Key(new DicomTag(tag), query);
        var entity = Entity();
        entity.AddOrUpdate(new DicomValueElement(new DicomTag(tag), key.VR, ReadOnlyMemory<byte>.Empty));
        Assert.True(QueryMatcher.Matches(key, entity, CaseInsensitive));
        Assert.False(QueryMatcher.Matches(key, entity, NoEmptyMatching));
    }

    [Fact]
    public void An_empty_sequence_matches_only_with_empty_matching_on()
    {
        var identifier = Identifier("STUDY", null);
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTags.ReferencedSOPInstanceUID, "1.2.3");
        identifier.AddOrUpdate(new DicomSequence(DicomTags.ReferencedStudySequence, [item]));
        var key = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, Relational).Find(DicomTags.ReferencedStudySequence)!;

        var entity = Entity();
        entity.AddOrUpdate(new DicomSequence(DicomTags.ReferencedStudySequence));
        Assert.True(QueryMatcher.Matches(key, entity, CaseInsensitive));
        Assert.False(QueryMatcher.Matches(key, entity, NoEmptyMatching));
        Assert.False(QueryMatcher.Matches(key, Entity(), NoEmptyMatching));
    }

    [Fact]
    public void A_value_of_spaces_only_is_empty()
    {
        var key = Key(DicomTags.AccessionNumber, "ACC-1");
        var entity = Entity((DicomTags.AccessionNumber, "  "));
        Assert.False(QueryMatcher.Matches(key, entity, NoEmptyMatching));
        Assert.True(QueryMatcher.Matches(key, entity, CaseInsensitive));
    }

    [Fact]
    public void Universal_keys_match_absent_attributes_whatever_the_setting()
    {
        var key = Key(DicomTags.PatientName, "");
        Assert.True(QueryMatcher.Matches(key, Entity(), NoEmptyMatching));
        Assert.True(QueryMatcher.Matches(key, Entity(), CaseInsensitive));
    }

    [Theory]
    // stored value (null: absent, "": zero length) -> matches the key "" under Empty Value Matching, with either setting
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("ACC-1", false)]
    public void Empty_value_matching_finds_entities_without_a_value(string? stored, bool expected)
    {
        var key = Key(DicomTags.AccessionNumber, "\"\"", All);
        Assert.Equal(MatchKind.EmptyValue, key.Kind);
        var entity = stored is null ? Entity() : Entity((DicomTags.AccessionNumber, stored));
        Assert.Equal(expected, QueryMatcher.Matches(key, entity, CaseInsensitive));
        Assert.Equal(expected, QueryMatcher.Matches(key, entity, NoEmptyMatching));
    }

    [Theory]
    [InlineData(0x00100010u)] // PN
    [InlineData(0x00080020u)] // DA
    [InlineData(0x00080030u)] // TM
    [InlineData(0x00081030u)] // LO
    public void Empty_value_matching_applies_to_the_vrs_of_c_2_2_2_7(uint tag)
        => Assert.Equal(MatchKind.EmptyValue, Key(new DicomTag(tag), "\"\"", All).Kind);

    [Fact]
    public void Without_the_negotiation_two_quotation_marks_are_a_value()
    {
        var key = Key(DicomTags.AccessionNumber, "\"\"");
        Assert.Equal(MatchKind.SingleValue, key.Kind);
        Assert.False(QueryMatcher.Matches(key, Entity((DicomTags.AccessionNumber, "ACC-1")), CaseInsensitive));
        Assert.True(QueryMatcher.Matches(key, Entity((DicomTags.AccessionNumber, "\"\"")), CaseInsensitive));
        Assert.False(QueryMatcher.Matches(key, Entity(), NoEmptyMatching));
    }
}
