using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>
/// Range Matching, PS3.4 C.2.2.2.5: "a-b" matches a to b inclusive, "-b" up to and including b, "a-" from a
/// on, for DA, TM and DT; and combined date-time matching (C.2.2.2.5.4) when negotiated.
/// </summary>
public class RangeMatchingTests
{
    [Theory]
    [InlineData("20240101-20241231", "20240315", true)]
    [InlineData("20240101-20241231", "20250101", false)]
    [InlineData("20240101-20241231", "20231231", false)]
    [InlineData("20240315-20240315", "20240315", true)] // inclusive at both ends
    [InlineData("-20240315", "20240315", true)]
    [InlineData("-20240315", "20240316", false)]
    [InlineData("20240315-", "20240315", true)]
    [InlineData("20240315-", "20240314", false)]
    [InlineData("2024.01.01-2024.12.31", "20240601", true)] // ACR-NEMA dates
    public void Dates(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.StudyDate, query, stored));

    [Theory]
    [InlineData("1000-1200", "113000", true)]
    [InlineData("10-12", "125959", true)] // "12" stands for the whole hour: the range ends at 12:59:59.999999
    [InlineData("1000-1200", "120059", true)] // "1200" for the whole minute
    [InlineData("1000-1200", "120100", false)]
    [InlineData("1000-1200", "130000", false)]
    [InlineData("1000-1200", "095959.999999", false)]
    [InlineData("10-", "095959", false)]
    [InlineData("10-", "100000", true)]
    [InlineData("-10", "105959.999999", true)]
    [InlineData("-1030", "103059", true)]
    [InlineData("-1030", "103100", false)]
    [InlineData("103000.5-", "103000.4", false)]
    [InlineData("103000.5-", "103000.5", true)]
    [InlineData("-103000.5", "103000.59", true)] // one fraction digit: up to 10:30:00.599999
    [InlineData("-103000.5", "103000.6", false)]
    [InlineData("10:00-12:00", "110000", true)] // ACR-NEMA times
    public void Times(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.StudyTime, query, stored));

    [Theory]
    [InlineData("20240101-20241231", "20240615120000", true)]
    [InlineData("2024-2024", "20241231235959.999999", true)] // a year is the whole year
    [InlineData("2024-2024", "20250101", false)]
    [InlineData("202403-", "20240229235959", false)]
    // the offset from UTC of either side is taken into account (C.2.2.2.5.3 d); a value without one is read as UTC
    [InlineData("20240101120000+0100-20240101130000+0100", "20240101113000", true)]
    [InlineData("20240101120000+0100-20240101130000+0100", "20240101123000", false)]
    [InlineData("20240101120000-0500-", "20240101170000", true)]
    [InlineData("20240101120000-0500-", "20240101165959", false)]
    [InlineData("-20240101120000", "20240101130000+0200", true)]
    [InlineData("-20240101120000", "20240101130000-0200", false)]
    public void Date_times(string query, string stored, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.AcquisitionDateTime, query, stored));

    [Theory]
    [InlineData(0x00080020u, "20240101-20241231", "20240101", "20241231")]
    [InlineData(0x00080020u, "-20241231", null, "20241231")]
    [InlineData(0x00080030u, "10-1030", "100000.000000", "103059.999999")]
    [InlineData(0x00080030u, "101500.25-", "101500.250000", null)]
    [InlineData(0x0008002Au, "2024-", "20240101000000.000000", null)]
    [InlineData(0x0008002Au, "20240101120000+0100-20240102", "20240101110000.000000+0000", "20240102235959.999999")]
    public void Range_bounds_are_normalized_for_text_comparison(uint tag, string query, string? start, string? end)
    {
        var key = Key(new DicomTag(tag), query);
        Assert.Equal(MatchKind.Range, key.Kind);
        Assert.Equal(start, key.RangeStart);
        Assert.Equal(end, key.RangeEnd);
    }

    [Theory]
    // The example of PS3.4 C.2.2.2.5.4: Study Date "20060705-20060707" and Study Time "1000-1800" match July 5,
    // 10:00 to July 7, 18:00 with combined date-time matching, and 10:00 to 18:00 on each day without.
    [InlineData("20060706", "080000", true, false)]
    [InlineData("20060706", "120000", true, true)]
    [InlineData("20060705", "090000", false, false)]
    [InlineData("20060705", "110000", true, true)]
    [InlineData("20060707", "170000", true, true)]
    [InlineData("20060707", "190000", false, false)]
    [InlineData("20060708", "120000", false, false)]
    public void Combined_date_time_matching(string date, string time, bool combined, bool separate)
    {
        var entity = Entity((DicomTags.StudyDate, date), (DicomTags.StudyTime, time));
        var keys = new[] { (DicomTags.StudyDate, "20060705-20060707"), (DicomTags.StudyTime, "1000-1800") };
        Assert.Equal(combined, QueryMatcher.Matches(StudyRootQuery(new QueryExtendedNegotiation(true, true, false, false), null, keys), entity, QueryOptions.Default));
        Assert.Equal(separate, QueryMatcher.Matches(StudyRootQuery(Relational, null, keys), entity, QueryOptions.Default));
    }

    [Fact]
    public void Combined_keys_say_so()
    {
        var query = StudyRootQuery(All, null, (DicomTags.StudyDate, "20060705-20060707"), (DicomTags.StudyTime, "1000-1800"));
        Assert.Equal(DicomTags.StudyTime, query.Find(DicomTags.StudyDate)!.CombinedWith);
        Assert.Equal(DicomTags.StudyDate, query.Find(DicomTags.StudyTime)!.CombinedWith);
        Assert.Equal("20060705", query.Find(DicomTags.StudyDate)!.RangeStart);
    }

    [Fact]
    public void Combined_matching_allows_times_that_cross_midnight()
    {
        var query = StudyRootQuery(All, null, (DicomTags.StudyDate, "20240101-20240102"), (DicomTags.StudyTime, "2200-0200"));
        Assert.True(QueryMatcher.Matches(query, Entity((DicomTags.StudyDate, "20240101"), (DicomTags.StudyTime, "230000")), QueryOptions.Default));
        Assert.True(QueryMatcher.Matches(query, Entity((DicomTags.StudyDate, "20240102"), (DicomTags.StudyTime, "010000")), QueryOptions.Default));
        Assert.False(QueryMatcher.Matches(query, Entity((DicomTags.StudyDate, "20240102"), (DicomTags.StudyTime, "030000")), QueryOptions.Default));
        Assert.False(QueryMatcher.Matches(query, Entity((DicomTags.StudyDate, "20240101"), (DicomTags.StudyTime, "210000")), QueryOptions.Default));
    }

    [Fact]
    public void Combined_matching_needs_two_ranges_of_the_same_form()
    {
        // A single date with a time range is matched separately.
        var query = StudyRootQuery(All, null, (DicomTags.StudyDate, "20060705"), (DicomTags.StudyTime, "1000-1800"));
        Assert.Null(query.Find(DicomTags.StudyDate)!.CombinedWith);
        // "a-" with "-b" are not the same form.
        query = StudyRootQuery(All, null, (DicomTags.StudyDate, "20060705-"), (DicomTags.StudyTime, "-1800"));
        Assert.Null(query.Find(DicomTags.StudyDate)!.CombinedWith);
        // Open ends of the same form combine.
        query = StudyRootQuery(All, null, (DicomTags.StudyDate, "20060705-"), (DicomTags.StudyTime, "1000-"));
        Assert.True(QueryMatcher.Matches(query, Entity((DicomTags.StudyDate, "20060801"), (DicomTags.StudyTime, "0900")), QueryOptions.Default));
        Assert.False(QueryMatcher.Matches(query, Entity((DicomTags.StudyDate, "20060705"), (DicomTags.StudyTime, "0900")), QueryOptions.Default));
    }

    [Fact]
    public void A_stored_date_without_a_time_stands_for_the_whole_day_in_combined_matching()
    {
        var query = StudyRootQuery(All, null, (DicomTags.StudyDate, "20060705-20060707"), (DicomTags.StudyTime, "1000-1800"));
        Assert.True(QueryMatcher.Matches(query, Entity((DicomTags.StudyDate, "20060705")), QueryOptions.Default));
        Assert.False(QueryMatcher.Matches(query, Entity((DicomTags.StudyDate, "20060708")), QueryOptions.Default));
    }

    [Theory]
    [InlineData(0x00080020u, "99991231-", "99991231", true)]
    [InlineData(0x00080020u, "-00010101", "00010101", true)]
    [InlineData(0x0008002Au, "9999-", "99991231235959", true)]
    [InlineData(0x0008002Au, "00010101000000+0100-", "00010101000000", true)]
    [InlineData(0x00080020u, "00000101-", "20240101", false)] // year 0 is not a date: refused below, not matched
    public void Ranges_at_the_ends_of_the_calendar(uint tag, string query, string stored, bool expected)
    {
        if (!expected)
        {
            Assert.Throws<QueryException>(() => Key(new DicomTag(tag), query));
            return;
        }
        Assert.True(Matches(new DicomTag(tag), query, stored));
    }

    [Theory]
    [InlineData(0x00080020u, "20241231-20240101")] // start after end
    [InlineData(0x00080030u, "1800-1000")] // crossing midnight is not supported (C.2.2.2.5.2)
    [InlineData(0x00080020u, "20241301-")] // not a date
    [InlineData(0x00080020u, "-")]
    [InlineData(0x00080020u, "2024011")]
    [InlineData(0x00080030u, "25-")]
    [InlineData(0x0008002Au, "20240101+1500-")] // offsets stop at +1400
    public void Ranges_that_cannot_be_matched_are_refused(uint tag, string query)
    {
        var e = Assert.Throws<QueryException>(() => Key(new DicomTag(tag), query));
        Assert.Equal(QueryStatus.UnableToProcess, e.Status);
        Assert.True(e.ErrorComment.Length <= 64);
    }
}
