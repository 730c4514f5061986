using Osprey.Server.Devices;
using Osprey.Server.Settings;

namespace Osprey.Server.Tests.Devices;

/// <summary>What the sender proposes, as a table: storescu flags, preferred syntax, stored syntax → syntaxes in order.</summary>
public sealed class SenderProposalsTests
{
    private const string Ex = "1.2.840.10008.1.2.1", Big = "1.2.840.10008.1.2.2", Imp = "1.2.840.10008.1.2";
    private const string JpegLossless = "1.2.840.10008.1.2.4.70", J2k = "1.2.840.10008.1.2.4.90", Rle = "1.2.840.10008.1.2.5", Deflate = "1.2.840.10008.1.2.1.99";

    public static TheoryData<string, string, string[]> Table => new()
    {
        // flags, preferred: proposed
        { "", Ex, [Ex, Big, Imp] },
        { "-xe", Ex, [Ex, Big, Imp] },
        { "", Imp, [Imp, Ex, Big] },                   // the preferred syntax goes first
        { "-xb", Ex, [Ex, Big, Imp] },
        { "-xb", Big, [Big, Ex, Imp] },
        { "-xi", Ex, [Imp] },                          // implicit only, whatever is preferred
        { "-xs", Ex, [Ex, Big, Imp] },                 // no codec: JPEG lossless is not proposed for native data
        { "-xv", JpegLossless, [Ex, Big, Imp] },
        { "-xr --max-pdu 65536", Big, [Big, Ex, Imp] },
        { "-xd", Ex, [Ex, Deflate, Big, Imp] },
        { "-xd", Deflate, [Deflate, Ex, Big, Imp] },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Proposes_the_flags_uncompressed_syntaxes_with_the_preferred_one_first(string flags, string preferred, string[] expected)
        => Assert.Equal(expected, SenderProposals.Uncompressed(StorescuFlagParser.Parse(flags), preferred));

    [Fact]
    public void Each_flag_proposes_what_storescu_help_says_first()
    {
        Assert.Equal(JpegLossless, SenderProposals.Storescu(StorescuProposal.JpegLossless)[0]);
        Assert.Equal(J2k, SenderProposals.Storescu(StorescuProposal.Jpeg2000Lossless)[0]);
        Assert.Equal(Rle, SenderProposals.Storescu(StorescuProposal.Rle)[0]);
        Assert.Equal([Imp], SenderProposals.Storescu(StorescuProposal.ImplicitOnly));
    }
}
