using Osprey.Archive.Query;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>
/// Multiple Value Matching, PS3.4 C.2.2.2.8: negotiated, a key with several values (VR AE, AS, AT, CS, LO, PN,
/// SH or UC, defined VM above 1) matches an entity only when every value of the key is among the entity's.
/// Without it the standard leaves several values undefined; Osprey reads them as alternatives.
/// </summary>
public class MultipleValueMatchingTests
{
    [Theory]
    // stored Modalities in Study -> with Multiple Value Matching, without
    [InlineData("CT\\PT\\SR", true, true)]
    [InlineData("PT\\CT", true, true)] // order does not matter
    [InlineData("CT\\MR", false, true)]
    [InlineData("MR", false, false)]
    public void Modalities_in_study(string stored, bool all, bool any)
    {
        Assert.Equal(all, Matches(DicomTags.ModalitiesInStudy, "CT\\PT", stored, negotiation: All));
        Assert.Equal(any, Matches(DicomTags.ModalitiesInStudy, "CT\\PT", stored, negotiation: Relational));
    }

    [Fact]
    public void Kinds()
    {
        Assert.Equal(MatchKind.MultipleValues, Key(DicomTags.ModalitiesInStudy, "CT\\PT", All).Kind);
        Assert.Equal(MatchKind.SingleValue, Key(DicomTags.ModalitiesInStudy, "CT\\PT", Relational).Kind);
        // Modality (0008,0060) has VM 1: its values stay alternatives.
        Assert.Equal(MatchKind.SingleValue, Key(DicomTags.Modality, "CT\\MR", All).Kind);
        Assert.True(Matches(DicomTags.Modality, "CT\\MR", "MR", negotiation: All));
    }

    [Fact]
    public void Wild_cards_are_not_allowed_in_multiple_values()
    {
        var e = Assert.Throws<QueryException>(() => Key(DicomTags.ModalitiesInStudy, "C*\\PT", All));
        Assert.Equal(QueryStatus.UnableToProcess, e.Status);
    }
}
