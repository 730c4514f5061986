using Osprey.Server.Settings;

namespace Osprey.Server.Tests.Settings;

public sealed class StorescuFlagParserTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_IsTheDefault(string? flags) => Assert.Equal(StorescuOptions.Default, StorescuFlagParser.Parse(flags));

    [Fact]
    public void ShortAndLongForms_AreRead()
    {
        var o = StorescuFlagParser.Parse("-xd  +cl 9 -R +C -u --max-pdu 65536 --max-send-pdu 16384 -to 5 -ts 0 -ta 6 -td 7 -nh -v +sd +r");
        Assert.Equal(StorescuProposal.Deflated, o.Proposal);
        Assert.Equal(9, o.CompressionLevel);
        Assert.True(o.RequiredOnly);
        Assert.True(o.Combine);
        Assert.False(o.EnableNewVr);
        Assert.Equal(65536, o.MaxPdu);
        Assert.Equal(16384, o.MaxSendPdu);
        Assert.Equal(5, o.ConnectTimeoutSeconds);
        Assert.Equal(0, o.SocketTimeoutSeconds);
        Assert.Equal(6, o.AcseTimeoutSeconds);
        Assert.Equal(7, o.DimseTimeoutSeconds);
        Assert.True(o.NoHalt);
        Assert.Equal(StorescuFlagParser.Parse("--propose-deflated --compression-level 9 --required --combine --disable-new-vr -pdu 65536"),
            o with { MaxSendPdu = null, ConnectTimeoutSeconds = null, SocketTimeoutSeconds = null, AcseTimeoutSeconds = null, DimseTimeoutSeconds = null, NoHalt = false });
    }

    [Theory]
    [InlineData("-x=", StorescuProposal.Uncompressed)]
    [InlineData("-xe", StorescuProposal.ExplicitLittleFirst)]
    [InlineData("-xb", StorescuProposal.ExplicitBigFirst)]
    [InlineData("-xi", StorescuProposal.ImplicitOnly)]
    [InlineData("-xs", StorescuProposal.JpegLossless)]
    [InlineData("-xy", StorescuProposal.JpegLossy8)]
    [InlineData("-xx", StorescuProposal.JpegLossy12)]
    [InlineData("-xv", StorescuProposal.Jpeg2000Lossless)]
    [InlineData("-xw", StorescuProposal.Jpeg2000Lossy)]
    [InlineData("-xt", StorescuProposal.JpegLsLossless)]
    [InlineData("-xu", StorescuProposal.JpegLsLossy)]
    [InlineData("-xr", StorescuProposal.Rle)]
    [InlineData("-xd", StorescuProposal.Deflated)]
    [InlineData("-xs -xi", StorescuProposal.ImplicitOnly)] // the last wins, as in storescu
    public void Proposal(string flags, StorescuProposal expected) => Assert.Equal(expected, StorescuFlagParser.Parse(flags).Proposal);

    [Theory]
    [InlineData("--frobnicate", "unknown or unsupported option \"--frobnicate\"")]
    [InlineData("-xs -Z", "unknown or unsupported option \"-Z\"")]
    [InlineData("+tls key.pem cert.pem", "unknown or unsupported option \"+tls\"")]
    [InlineData("-pdu=65536", "unknown or unsupported option \"-pdu=65536\"")]
    [InlineData("-aec OTHER", "option \"-aec\" is not allowed: Osprey sets AE titles from the device settings")]
    [InlineData("--aetitle ME", "option \"--aetitle\" is not allowed: Osprey sets AE titles from the device settings")]
    [InlineData("host 104", "unexpected argument \"host\": Osprey gives the peer, port and objects itself")]
    [InlineData("-pdu", "option \"-pdu\" needs a value (a whole number 4096 to 131072)")]
    [InlineData("-pdu 262144", "option \"-pdu\" needs a whole number 4096 to 131072 (got \"262144\")")]
    [InlineData("--max-pdu 4000", "option \"--max-pdu\" needs a whole number 4096 to 131072 (got \"4000\")")]
    [InlineData("-to 0", "option \"-to\" needs a whole number of at least 1 (got \"0\")")]
    [InlineData("-ta x", "option \"-ta\" needs a whole number of at least 1 (got \"x\")")]
    [InlineData("-td 0", "option \"-td\" needs a whole number of at least 1 (got \"0\")")]
    [InlineData("-ts -1", "option \"-ts\" needs a whole number of at least 0 (got \"-1\")")]
    [InlineData("-xd +cl 10", "option \"+cl\" needs a whole number 0 to 9 (got \"10\")")]
    [InlineData("+cl 5", "option \"+cl\" (--compression-level) is only allowed with \"-xd\" (--propose-deflated)")]
    public void Refused_WithTheOptionNamed(string flags, string expected)
    {
        Assert.False(StorescuFlagParser.TryParse(flags, out var options, out var error));
        Assert.Null(options);
        Assert.Equal(expected, error);
        Assert.Equal(expected, Assert.Throws<FormatException>(() => StorescuFlagParser.Parse(flags)).Message);
    }

    [Fact]
    public void SupportedOptions_ListsShortAndLongNames()
    {
        Assert.Contains("-xs", StorescuFlagParser.SupportedOptions);
        Assert.Contains("--max-pdu", StorescuFlagParser.SupportedOptions);
        Assert.Contains("--max-send-pdu", StorescuFlagParser.SupportedOptions);
        Assert.DoesNotContain("", StorescuFlagParser.SupportedOptions);
        Assert.DoesNotContain("-aec", StorescuFlagParser.SupportedOptions);
    }
}
