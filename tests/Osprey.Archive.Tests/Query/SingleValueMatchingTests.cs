using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>Single Value Matching, PS3.4 C.2.2.2.1, and multi-valued stored attributes, C.2.2.3.</summary>
public class SingleValueMatchingTests
{
    [Theory]
    // C.2.2.2.1: only entities whose value matches the value of the request exactly match.
    [InlineData("CT", "CT", true)]
    [InlineData("CT", "MR", false)]
    [InlineData("CT", "CTX", false)]
    [InlineData(" CT ", "CT", true)] // CS: leading and trailing spaces are insignificant (PS3.5 Table 6.2-1)
    public void Code_strings(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.Modality, query, stored));

    [Theory]
    [InlineData("ACC-1", "ACC-1", true)]
    [InlineData("ACC-1", " ACC-1 ", true)] // SH: leading and trailing spaces are insignificant
    [InlineData("ACC-1", "ACC-10", false)]
    public void Short_strings(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.AccessionNumber, query, stored));

    [Theory]
    // CP-2305: matching of IS and DS is left to the implementation; Osprey compares the numbers.
    [InlineData("1", "1.0", true)]
    [InlineData("1.0", "1", true)]
    [InlineData("1000", "1e3", true)]
    [InlineData("0.5", ".5", true)]
    [InlineData("2", "3", false)]
    public void Decimal_strings_compare_as_numbers(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.PatientWeight, query, stored));

    [Theory]
    [InlineData("7", "+7", true)]
    [InlineData("7", "007", true)]
    [InlineData("7", "70", false)]
    public void Integer_strings_compare_as_numbers(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.SeriesNumber, query, stored));

    [Fact]
    public void Binary_numbers_compare_as_numbers()
    {
        var identifier = Identifier("IMAGE", null, (DicomTags.StudyInstanceUID, "1.2"), (DicomTags.SeriesInstanceUID, "1.2.3"));
        identifier.AddOrUpdate<ushort>(DicomTags.Rows, DicomVR.US, 512);
        var key = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None).Find(DicomTags.Rows)!;
        Assert.Equal(["512"], key.Values);

        var entity = new DicomDataset();
        entity.AddOrUpdate<ushort>(DicomTags.Rows, DicomVR.US, 512);
        Assert.True(QueryMatcher.Matches(key, entity, QueryOptions.Default));
        entity.AddOrUpdate<ushort>(DicomTags.Rows, DicomVR.US, 256);
        Assert.False(QueryMatcher.Matches(key, entity, QueryOptions.Default));
    }

    [Theory]
    // C.2.2.2.1.3: dates and times are matched by their meaning, not as literal strings.
    [InlineData(0x00080020u, "20240315", "20240315", true)]
    [InlineData(0x00080020u, "20240315", "20240316", false)]
    [InlineData(0x00080020u, "20240315", "2024.03.15", true)] // the ACR-NEMA form of DA
    [InlineData(0x00080030u, "2230", "223000", true)] // the example of the standard: TM "2230" matches "223000"
    [InlineData(0x00080030u, "2230", "223015", false)]
    [InlineData(0x00080030u, "101500", "101500.000", true)]
    [InlineData(0x0008002Au, "19980128103000.0000", "19980128103000", true)] // the standard's DT examples
    [InlineData(0x0008002Au, "19980128103000", "19980128073000-0300", true)]
    [InlineData(0x0008002Au, "19980128103000", "19980128103000+0100", false)]
    public void Dates_and_times_compare_by_meaning(uint tag, string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(new DicomTag(tag), query, stored));

    [Theory]
    // C.2.2.3: an attribute with several values matches when any of its values does.
    [InlineData("AXIAL", true)]
    [InlineData("PRIMARY", true)]
    [InlineData("LOCALIZER", false)]
    public void Any_value_of_a_multi_valued_attribute_may_match(string query, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.ImageType, query, "ORIGINAL\\PRIMARY\\AXIAL"));

    [Theory]
    [InlineData("1.2.840.113619.2.1", "1.2.840.113619.2.1", true)]
    [InlineData("1.2.840.113619.2.1", "1.2.840.113619.2.10", false)]
    public void Uids(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.StudyInstanceUID, query, stored));

    [Fact]
    public void The_key_says_what_it_asks()
    {
        var key = Key(DicomTags.Modality, "CT");
        Assert.Equal(MatchKind.SingleValue, key.Kind);
        Assert.Equal(["CT"], key.Values);
        Assert.Equal(Osprey.Archive.Index.IndexLevel.Series, key.Level);
        Assert.Equal(Osprey.Archive.Index.QueryKeyType.Required, key.KeyType);
    }
}
