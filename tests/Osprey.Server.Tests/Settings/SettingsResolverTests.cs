using System.Net;
using Osprey.Dicom.Dictionary;
using Osprey.Server.Settings;

namespace Osprey.Server.Tests.Settings;

public sealed class SettingsResolverTests
{
    private static OspreySettings Settings()
    {
        var s = new OspreySettings();
        s.Dicom.MaxPduSize = 65536;
        s.Dicom.Timeouts.SendSeconds = 10;
        s.Dicom.Timeouts.WaitSeconds = 0;
        s.Dicom.StorescuFlags = "-xs";
        s.Dicom.QueryRetrieveLimit = 500;
        s.Devices.Add(new RemoteDevice
        {
            AeTitle = "CT1",
            Host = "10.0.0.5",
            Port = 104,
            Overrides = new DeviceOverrides
            {
                PreferredTransferSyntax = "JPEG2000Lossless",
                MaxPduSize = 16384,
                Timeouts = new TimeoutOverrides { ReceiveSeconds = 0, WaitSeconds = 120 },
                StorescuFlags = "",
                CaseSensitiveQueries = true,
                EmptyMatching = false,
                QueryRetrieveLimit = 0,
                RemovePrivateTags = true,
                SendUpdates = false,
                AssociationHeartbeat = true,
            },
        });
        s.Devices.Add(new RemoteDevice { AeTitle = "WS", Host = "ws.example", Port = 11112, Overrides = new DeviceOverrides { MaxPduSize = 4096 } });
        return s;
    }

    [Fact]
    public void UnknownAe_GetsTheServerValues()
    {
        var r = new SettingsResolver(Settings());
        foreach (var ae in new[] { "OTHER", null, "", "ct1" }) // AE titles are case-sensitive
        {
            var e = r.Resolve(ae);
            Assert.Same(r.Server, e);
            Assert.Null(e.Device);
            Assert.Equal(DicomUids.ExplicitVRLittleEndian, e.PreferredTransferSyntax);
            Assert.Equal(65536, e.MaxPduSize);
            Assert.Equal(TimeSpan.FromSeconds(10), e.SendTimeout);
            Assert.Equal(TimeSpan.FromSeconds(30), e.ReceiveTimeout);
            Assert.Equal(TimeSpan.FromSeconds(30), e.ConnectionTimeout);
            Assert.Equal(Timeout.InfiniteTimeSpan, e.WaitTimeout); // 0 = none
            Assert.Equal("-xs", e.StorescuFlags);
            Assert.Equal(StorescuProposal.JpegLossless, e.Storescu.Proposal);
            Assert.False(e.CaseSensitiveQueries);
            Assert.True(e.EmptyMatching);
            Assert.Equal(500, e.QueryRetrieveLimit);
            Assert.False(e.RemovePrivateTags);
            Assert.True(e.SendUpdates);
            Assert.False(e.AssociationHeartbeat);
        }
    }

    [Fact]
    public void DeviceOverrides_ResolveByAeTitle()
    {
        var e = new SettingsResolver(Settings()).Resolve("CT1");
        Assert.Equal("CT1", e.Device?.AeTitle);
        Assert.Equal(DicomUids.JPEG2000Lossless, e.PreferredTransferSyntax);
        Assert.Equal(16384, e.MaxPduSize);
        Assert.Equal(TimeSpan.FromSeconds(10), e.SendTimeout); // not overridden
        Assert.Equal(Timeout.InfiniteTimeSpan, e.ReceiveTimeout); // overridden with 0 = none
        Assert.Equal(TimeSpan.FromSeconds(30), e.ConnectionTimeout);
        Assert.Equal(TimeSpan.FromSeconds(120), e.WaitTimeout);
        Assert.Equal("", e.StorescuFlags); // an empty override wins over the server's -xs
        Assert.Equal(StorescuOptions.Default, e.Storescu);
        Assert.True(e.CaseSensitiveQueries);
        Assert.False(e.EmptyMatching);
        Assert.Equal(0, e.QueryRetrieveLimit);
        Assert.True(e.RemovePrivateTags);
        Assert.False(e.SendUpdates);
        Assert.True(e.AssociationHeartbeat);
    }

    [Fact]
    public void PartialOverrides_FallBackToServerValues()
    {
        var r = new SettingsResolver(Settings());
        var e = r.Resolve("WS");
        Assert.Equal("WS", e.Device?.AeTitle);
        Assert.Equal(4096, e.MaxPduSize);
        Assert.Equal(r.Server with { Device = e.Device, MaxPduSize = 4096 }, e);
    }

    [Fact]
    public void AeTitlePadding_IsIgnored()
    {
        var s = Settings();
        s.Devices[1].AeTitle = " WS ";
        var r = new SettingsResolver(s);
        Assert.Equal(4096, r.Resolve("WS").MaxPduSize);
        Assert.Equal(4096, r.Resolve("WS              ").MaxPduSize);
    }

    [Fact]
    public void Host_WhenGiven_MustMatchAnIpAddressHost()
    {
        var r = new SettingsResolver(Settings());
        Assert.Equal(16384, r.Resolve("CT1", IPAddress.Parse("10.0.0.5")).MaxPduSize);
        Assert.Equal(16384, r.Resolve("CT1", IPAddress.Parse("::ffff:10.0.0.5")).MaxPduSize);
        Assert.Equal(16384, r.Resolve("CT1", null).MaxPduSize);
        Assert.Same(r.Server, r.Resolve("CT1", IPAddress.Parse("10.0.0.6")));
        Assert.Equal(4096, r.Resolve("WS", IPAddress.Parse("192.0.2.1")).MaxPduSize); // a host name is not looked up
    }

    [Fact]
    public void LaterChangesToTheSettings_DoNotAffectTheResolver()
    {
        var s = Settings();
        var r = new SettingsResolver(s);
        s.Dicom.MaxPduSize = 4096;
        s.Devices[0].Overrides.MaxPduSize = 8192;
        s.Devices[0].AeTitle = "CHANGED";
        Assert.Equal(65536, r.Server.MaxPduSize);
        Assert.Equal(16384, r.Resolve("CT1").MaxPduSize);
        Assert.Equal("CT1", r.Resolve("CT1").Device?.AeTitle);
        Assert.Equal(["CT1", "WS"], r.Devices.Select(d => d.AeTitle));
    }

    [Fact]
    public void InvalidSettings_AreRefused()
    {
        var s = Settings();
        s.Devices[1].AeTitle = "CT1";
        var e = Assert.Throws<SettingsException>(() => new SettingsResolver(s));
        Assert.StartsWith("Devices:1:AeTitle: must be unique", e.Message);
    }
}
