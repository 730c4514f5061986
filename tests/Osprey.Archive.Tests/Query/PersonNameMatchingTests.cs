using Osprey.Archive.Query;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>
/// Person names (PS3.4 C.2.2.2.1.1, C.2.2.2.4): each component group of the query (alphabetic, ideographic,
/// phonetic, PS3.5 §6.2.1) is compared with the same group of the stored name; a group the query leaves empty
/// matches any. The stored name is the example of PS3.5 Annex H.
/// </summary>
public class PersonNameMatchingTests
{
    private const string Yamada = "Yamada^Tarou=山田^太郎=やまだ^たろう";

    [Theory]
    [InlineData("=山田^太郎", true)] // ideographic group only
    [InlineData("==やまだ^たろう", true)] // phonetic group only
    [InlineData("Yamada^Tarou", true)] // alphabetic group only
    [InlineData("Yamada^Tarou=山田^太郎=やまだ^たろう", true)]
    [InlineData("Yamada^Tarou^^^", true)] // trailing empty components are insignificant
    [InlineData("Yamada*", true)]
    [InlineData("*=山田*", true)]
    [InlineData("=*^太郎", true)]
    [InlineData("==やまだ*", true)]
    [InlineData("=山田^花子", false)]
    [InlineData("Yamada^Tarou=山田^花子", false)] // every group given must match
    [InlineData("Yamada", false)] // Single Value Matching is exact: the given name is part of the group
    [InlineData("Suzuki*", false)]
    public void Groups_match_separately(string query, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.PatientName, query, Yamada));

    [Theory]
    [InlineData("=山田^太郎", false)] // the stored name has no ideographic group
    [InlineData("Yamada^Tarou", true)]
    public void A_group_the_stored_name_lacks_does_not_match(string query, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.PatientName, query, "Yamada^Tarou"));

    [Theory]
    [InlineData("==홍^길동", true)]
    [InlineData("=洪^吉洞", true)]
    [InlineData("Hong^Gildong", true)]
    [InlineData("=洪^吉*", true)]
    [InlineData("=金^*", false)]
    public void Korean_names(string query, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.PatientName, query, "Hong^Gildong=洪^吉洞=홍^길동"));

    [Theory]
    // C.2.2.3: any value of a multi-valued attribute may match.
    [InlineData("Smith^Jane", true)]
    [InlineData("Doe*", true)]
    [InlineData("Brown^Bob", false)]
    public void Multi_valued_names(string query, bool expected)
        => Assert.Equal(expected, Matches(DicomTags.OtherPatientNames, query, "Doe^John\\Smith^Jane"));

    [Fact]
    public void Several_query_values_are_alternatives_without_multiple_value_matching()
    {
        Assert.True(Matches(DicomTags.PatientName, "Doe^Jane\\Yamada^Tarou", Yamada));
        Assert.False(Matches(DicomTags.PatientName, "Doe^Jane\\Roe^Richard", Yamada));
    }

    [Theory]
    [InlineData("yamada^tarou", true, false)]
    [InlineData("YAMADA*", true, false)]
    [InlineData("Yamada^Tarou", true, true)]
    public void Case(string query, bool insensitive, bool sensitive)
    {
        Assert.Equal(insensitive, Matches(DicomTags.PatientName, query, Yamada, CaseInsensitive));
        Assert.Equal(sensitive, Matches(DicomTags.PatientName, query, Yamada, CaseSensitive));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("=")]
    [InlineData("*=*=*")]
    [InlineData("")]
    public void Names_that_constrain_nothing_are_universal(string query)
        => Assert.Equal(MatchKind.Universal, Key(DicomTags.PatientName, query).Kind);

    [Fact]
    public void Kinds()
    {
        Assert.Equal(MatchKind.SingleValue, Key(DicomTags.PatientName, "=山田^太郎").Kind);
        Assert.Equal(MatchKind.Wildcard, Key(DicomTags.PatientName, "Yamada*").Kind);
        Assert.Equal(["=山田^太郎"], Key(DicomTags.PatientName, "=山田^太郎").Values);
    }
}
