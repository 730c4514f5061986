using Osprey.Archive.Query;

namespace Osprey.Archive.Tests.Query;

/// <summary>The C-FIND SOP Class Extended Negotiation field, PS3.4 C.5.1.1 (Tables C.5-1, C.5-2).</summary>
public class QueryExtendedNegotiationTests
{
    [Theory]
    // offered bytes -> the reply: relational, combined date-time, Empty and Multiple Value Matching accepted;
    // fuzzy person names, timezone adjustment and Enhanced Multi-Frame Image Conversion turned down.
    [InlineData(new byte[] { 1 }, new byte[] { 1 })] // a one-byte offer gets a one-byte answer
    [InlineData(new byte[] { 0 }, new byte[] { 0 })]
    [InlineData(new byte[] { 1, 1 }, new byte[] { 1, 1 })]
    [InlineData(new byte[] { 1, 1, 1, 1 }, new byte[] { 1, 1, 0, 0 })]
    [InlineData(new byte[] { 1, 1, 1, 1, 1, 1, 1 }, new byte[] { 1, 1, 0, 0, 0, 1, 1 })]
    [InlineData(new byte[] { 0, 0, 0, 0, 0, 1, 0 }, new byte[] { 0, 0, 0, 0, 0, 1, 0 })]
    [InlineData(new byte[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, new byte[] { 1, 1, 0, 0, 0, 1, 1 })] // bytes the standard does not define are left out
    [InlineData(new byte[] { 2, 1 }, new byte[] { 0, 1 })] // only 1 means "requested"
    [InlineData(new byte[0], new byte[0])] // nothing offered: the sub-item is omitted
    public void The_reply_accepts_what_osprey_supports(byte[] offered, byte[] reply)
        => Assert.Equal(reply, QueryExtendedNegotiation.Accepted(offered));

    [Fact]
    public void Bytes_are_read_in_the_order_of_table_c_5_1()
    {
        var n = QueryExtendedNegotiation.Parse([1, 0, 1, 0, 1, 0, 1]);
        Assert.True(n.Relational);
        Assert.False(n.CombinedDateTime);
        Assert.True(n.FuzzyPersonNames);
        Assert.False(n.TimezoneAdjustment);
        Assert.True(n.EnhancedMultiFrameImageConversion);
        Assert.False(n.EmptyValueMatching);
        Assert.True(n.MultipleValueMatching);
        Assert.Equal(7, n.FieldLength);
    }

    [Fact]
    public void Agreed_options_are_those_both_sides_want()
    {
        var agreed = QueryExtendedNegotiation.Parse([1, 1, 1, 1, 0, 1]).Accept();
        Assert.Equal(new QueryExtendedNegotiation(true, true, false, false, EmptyValueMatching: true, FieldLength: 6), agreed);
        Assert.Equal(QueryExtendedNegotiation.None, QueryExtendedNegotiation.Parse([]).Accept());
    }
}
