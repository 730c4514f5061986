using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>
/// Sequence Matching, PS3.4 C.2.2.2.6: the key is a sequence with one item; an entity matches when one of its
/// items matches all the Item Key Attributes; no item key (a zero-length item) matches every entity.
/// </summary>
public class SequenceMatchingTests
{
    private static DicomDataset Item(params (DicomTag Tag, string Value)[] attributes) => Dataset(null, attributes);

    private static QueryKey SequenceKey(DicomTag tag, params DicomDataset[] items)
    {
        var identifier = Identifier("STUDY", null);
        identifier.AddOrUpdate(new DicomSequence(tag, items));
        return DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, Relational).Find(tag)!;
    }

    private static DicomDataset EntityWith(DicomTag tag, params DicomDataset[] items)
    {
        var entity = Entity();
        entity.AddOrUpdate(new DicomSequence(tag, items));
        return entity;
    }

    private static readonly DicomDataset Stored = EntityWith(DicomTags.ProcedureCodeSequence,
        Item((DicomTags.CodeValue, "71020"), (DicomTags.CodingSchemeDesignator, "C4"), (DicomTags.CodeMeaning, "Chest X-ray")),
        Item((DicomTags.CodeValue, "RPID1"), (DicomTags.CodingSchemeDesignator, "99LOCAL"), (DicomTags.CodeMeaning, "CT Abdomen")));

    [Theory]
    [InlineData("71020", "C4", true)] // both keys match the first item
    [InlineData("RPID1", "99LOCAL", true)] // both keys match the second item
    [InlineData("71020", "99LOCAL", false)] // each matches some item, but no item matches both
    [InlineData("7*", "", true)] // Wild Card Matching inside the item; a zero-length item key is universal
    [InlineData("X*", "", false)]
    public void One_item_must_match_every_item_key(string codeValue, string scheme, bool expected)
    {
        var key = SequenceKey(DicomTags.ProcedureCodeSequence, Item((DicomTags.CodeValue, codeValue), (DicomTags.CodingSchemeDesignator, scheme)));
        Assert.Equal(MatchKind.Sequence, key.Kind);
        Assert.Equal(2, key.ItemKeys!.Count);
        Assert.Equal(expected, QueryMatcher.Matches(key, Stored, QueryOptions.Default));
    }

    [Fact]
    public void Keys_of_an_item_follow_the_case_setting()
    {
        var key = SequenceKey(DicomTags.ProcedureCodeSequence, Item((DicomTags.CodeMeaning, "ct abdomen")));
        Assert.True(QueryMatcher.Matches(key, Stored, CaseInsensitive));
        Assert.False(QueryMatcher.Matches(key, Stored, CaseSensitive));
    }

    [Fact]
    public void An_empty_item_or_no_item_is_universal()
    {
        var emptyItem = SequenceKey(DicomTags.ProcedureCodeSequence, new DicomDataset());
        Assert.True(emptyItem.IsUniversal);
        Assert.Empty(emptyItem.ItemKeys!);
        Assert.True(QueryMatcher.Matches(emptyItem, Entity(), NoEmptyMatching));

        var noItem = SequenceKey(DicomTags.ProcedureCodeSequence);
        Assert.True(noItem.IsUniversal);
        Assert.True(QueryMatcher.Matches(noItem, Entity(), NoEmptyMatching));
    }

    [Fact]
    public void An_item_of_zero_length_keys_only_asks_for_their_return()
    {
        var key = SequenceKey(DicomTags.ProcedureCodeSequence, Item((DicomTags.CodeValue, ""), (DicomTags.CodeMeaning, "")));
        Assert.True(key.IsUniversal);
        Assert.Equal([DicomTags.CodeValue, DicomTags.CodeMeaning], key.ItemKeys!.Select(k => k.Tag));
    }

    [Fact]
    public void Sequences_nest()
    {
        // Request Attributes Sequence > Scheduled Protocol Code Sequence > Code Value
        var inner = Item((DicomTags.CodeValue, "P1"));
        var outer = new DicomDataset();
        outer.AddOrUpdate(new DicomSequence(DicomTags.ScheduledProtocolCodeSequence, [inner]));
        var identifier = Identifier("SERIES", null, (DicomTags.StudyInstanceUID, "1.2"));
        identifier.AddOrUpdate(new DicomSequence(DicomTags.RequestAttributesSequence, [outer]));
        var key = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None).Find(DicomTags.RequestAttributesSequence)!;

        var storedOuter = new DicomDataset();
        storedOuter.AddOrUpdate(new DicomSequence(DicomTags.ScheduledProtocolCodeSequence, [Item((DicomTags.CodeValue, "P0")), Item((DicomTags.CodeValue, "P1"))]));
        Assert.True(QueryMatcher.Matches(key, EntityWith(DicomTags.RequestAttributesSequence, storedOuter), QueryOptions.Default));

        var otherOuter = new DicomDataset();
        otherOuter.AddOrUpdate(new DicomSequence(DicomTags.ScheduledProtocolCodeSequence, [Item((DicomTags.CodeValue, "P2"))]));
        Assert.False(QueryMatcher.Matches(key, EntityWith(DicomTags.RequestAttributesSequence, otherOuter), QueryOptions.Default));
    }

    [Fact]
    public void A_key_with_two_items_is_refused()
    {
        var e = Assert.Throws<QueryException>(() => SequenceKey(DicomTags.ProcedureCodeSequence, Item((DicomTags.CodeValue, "A")), Item((DicomTags.CodeValue, "B"))));
        Assert.Equal(QueryStatus.IdentifierDoesNotMatchSopClass, e.Status);
        Assert.Equal(DicomTags.ProcedureCodeSequence, e.OffendingElement);
    }
}
