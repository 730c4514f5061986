using Osprey.Archive.Query;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>List of UID Matching, PS3.4 C.2.2.2.2: UIDs separated by backslashes, each of which may match.</summary>
public class UidListMatchingTests
{
    [Theory]
    [InlineData("1.2.3\\1.2.4", "1.2.4", true)]
    [InlineData("1.2.3\\1.2.4", "1.2.3", true)]
    [InlineData("1.2.3\\1.2.4", "1.2.5", false)]
    [InlineData("1.2.3\\1.2.4", "1.2.34", false)]
    [InlineData("1.2.3 \\ 1.2.4", "1.2.4", true)] // spaces around a UID are insignificant
    public void Any_uid_of_the_list_matches(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.SeriesInstanceUID, query, stored));

    [Fact]
    public void The_key_lists_the_uids()
    {
        var key = Key(DicomTags.SOPInstanceUID, "1.2.3\\1.2.4\\1.2.5");
        Assert.Equal(MatchKind.UidList, key.Kind);
        Assert.Equal(["1.2.3", "1.2.4", "1.2.5"], key.Values);
    }

    [Fact]
    public void The_unique_key_of_the_query_level_may_be_a_list_in_a_hierarchical_query()
    {
        // PS3.4 C.4.1.2.1: the Unique Key of the query level may ask for Single Value, Universal or List of UID Matching.
        var identifier = Identifier("SERIES", null, (DicomTags.StudyInstanceUID, "1.2"), (DicomTags.SeriesInstanceUID, "1.2.3\\1.2.4"));
        var query = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None);
        Assert.Equal(MatchKind.UidList, query.Find(DicomTags.SeriesInstanceUID)!.Kind);
        Assert.True(QueryMatcher.Matches(query, Entity((DicomTags.StudyInstanceUID, "1.2"), (DicomTags.SeriesInstanceUID, "1.2.4")), QueryOptions.Default));
        Assert.False(QueryMatcher.Matches(query, Entity((DicomTags.StudyInstanceUID, "1.3"), (DicomTags.SeriesInstanceUID, "1.2.4")), QueryOptions.Default));
    }
}
