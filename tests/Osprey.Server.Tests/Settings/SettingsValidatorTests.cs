using Osprey.Server.Settings;

namespace Osprey.Server.Tests.Settings;

public sealed class SettingsValidatorTests
{
    /// <summary>A rule: the key its message names, a change that breaks it, and a change that keeps it.</summary>
    private sealed record Rule(string Name, string Key, Action<OspreySettings> Break, Action<OspreySettings> Keep);

    private static OspreySettings WithDevice()
    {
        var s = new OspreySettings();
        s.Devices.Add(new RemoteDevice { AeTitle = "CT1", Host = "10.0.0.5", Port = 104 });
        return s;
    }

    private static DeviceOverrides O(OspreySettings s) => s.Devices[0].Overrides;

    private static readonly Rule[] AllRules =
    [
        new("storage AE too long", "Dicom:StorageAeTitle", s => s.Dicom.StorageAeTitle = "TOO-LONG-AE-TITLE-X", s => s.Dicom.StorageAeTitle = "SIXTEEN-CHARS-AE"),
        new("storage AE empty", "Dicom:StorageAeTitle", s => s.Dicom.StorageAeTitle = "", s => s.Dicom.StorageAeTitle = "A"),
        new("storage AE all spaces", "Dicom:StorageAeTitle", s => s.Dicom.StorageAeTitle = "    ", s => s.Dicom.StorageAeTitle = " AE "),
        new("storage AE backslash", "Dicom:StorageAeTitle", s => s.Dicom.StorageAeTitle = "A\\B", s => s.Dicom.StorageAeTitle = "A/B_C-D.E~"),
        new("storage AE control", "Dicom:StorageAeTitle", s => s.Dicom.StorageAeTitle = "A\tB", s => s.Dicom.StorageAeTitle = "A B"),
        new("storage AE non-ASCII", "Dicom:StorageAeTitle", s => s.Dicom.StorageAeTitle = "CAFÉ", s => s.Dicom.StorageAeTitle = "CAFE"),
        new("archive query AE invalid", "Dicom:ArchiveQueryAeTitle", s => s.Dicom.ArchiveQueryAeTitle = "   ", s => s.Dicom.ArchiveQueryAeTitle = "OSPREY_Q"),
        new("archive query AE same as storage", "Dicom:ArchiveQueryAeTitle", s => s.Dicom.ArchiveQueryAeTitle = "OSPREY", s => s.Dicom.ArchiveQueryAeTitle = ""),
        new("bind address", "Dicom:BindAddress", s => s.Dicom.BindAddress = "localhost", s => s.Dicom.BindAddress = "::"),
        new("TCP port range", "Dicom:TcpPort", s => s.Dicom.TcpPort = 70000, s => s.Dicom.TcpPort = 65535),
        new("TCP port negative", "Dicom:TcpPort", s => s.Dicom.TcpPort = -1, s => s.Dicom.TcpPort = 104),
        new("TLS port range", "Dicom:TlsPort", s => { s.Dicom.TlsPort = 65536; s.Dicom.Tls.Certificate = "c.pem"; }, s => { s.Dicom.TlsPort = 2762; s.Dicom.Tls.Certificate = "c.pem"; }),
        new("not both ports 0", "Dicom:TcpPort", s => s.Dicom.TcpPort = 0, s => { s.Dicom.TcpPort = 0; s.Dicom.TlsPort = 2762; s.Dicom.Tls.Certificate = "c.pem"; }),
        new("TLS port needs a certificate", "Dicom:Tls:Certificate", s => s.Dicom.TlsPort = 2762, s => { s.Dicom.TlsPort = 2762; s.Dicom.Tls.Certificate = "/etc/osprey/cert.pem"; }),
        new("TLS port differs from TCP port", "Dicom:TlsPort", s => { s.Dicom.TlsPort = 11112; s.Dicom.Tls.Certificate = "c.pem"; }, s => { s.Dicom.TlsPort = 11113; s.Dicom.Tls.Certificate = "c.pem"; }),
        new("transfer syntax unknown", "Dicom:PreferredTransferSyntax", s => s.Dicom.PreferredTransferSyntax = "1.2.3.4", s => s.Dicom.PreferredTransferSyntax = "1.2.840.10008.1.2.4.90"),
        new("transfer syntax keyword", "Dicom:PreferredTransferSyntax", s => s.Dicom.PreferredTransferSyntax = "ExplicitVRMiddleEndian", s => s.Dicom.PreferredTransferSyntax = "ExplicitVRBigEndian"),
        new("PDU size not a power of two", "Dicom:MaxPduSize", s => s.Dicom.MaxPduSize = 100000, s => s.Dicom.MaxPduSize = 65536),
        new("PDU size too small", "Dicom:MaxPduSize", s => s.Dicom.MaxPduSize = 2048, s => s.Dicom.MaxPduSize = 4096),
        new("PDU size too big", "Dicom:MaxPduSize", s => s.Dicom.MaxPduSize = 8388608, s => s.Dicom.MaxPduSize = 4194304),
        new("send timer", "Dicom:Timeouts:SendSeconds", s => s.Dicom.Timeouts.SendSeconds = -1, s => s.Dicom.Timeouts.SendSeconds = 0),
        new("receive timer", "Dicom:Timeouts:ReceiveSeconds", s => s.Dicom.Timeouts.ReceiveSeconds = -1, s => s.Dicom.Timeouts.ReceiveSeconds = 0),
        new("connection timer", "Dicom:Timeouts:ConnectionSeconds", s => s.Dicom.Timeouts.ConnectionSeconds = -5, s => s.Dicom.Timeouts.ConnectionSeconds = 600),
        new("wait timer", "Dicom:Timeouts:WaitSeconds", s => s.Dicom.Timeouts.WaitSeconds = -1, s => s.Dicom.Timeouts.WaitSeconds = 0),
        new("storescu unknown flag", "Dicom:StorescuFlags", s => s.Dicom.StorescuFlags = "-xs --frobnicate", s => s.Dicom.StorescuFlags = "-xs --max-pdu 65536 -to 10 -ta 10 -td 10 +sd"),
        new("query/retrieve limit", "Dicom:QueryRetrieveLimit", s => s.Dicom.QueryRetrieveLimit = -1, s => s.Dicom.QueryRetrieveLimit = 0),
        new("max associations", "Dicom:MaxAssociations", s => s.Dicom.MaxAssociations = 0, s => s.Dicom.MaxAssociations = 1),
        new("client certificates need trusted certificates", "Dicom:Tls:TrustedCertificates", s => s.Dicom.Tls.RequireClientCertificate = true,
            s => { s.Dicom.Tls.RequireClientCertificate = true; s.Dicom.Tls.TrustedCertificates = "/etc/osprey/ca.pem"; }),
        new("access control mode", "Dicom:AccessControl", s => s.Dicom.AccessControl = "closed", s => s.Dicom.AccessControl = "known-devices"),
        new("user name empty", "Dicom:Users:0:Username", s => s.Dicom.Users = [new DicomUser { Username = "" }], s => s.Dicom.Users = [new DicomUser { Username = "a" }]),
        new("user name twice", "Dicom:Users:1:Username", s => s.Dicom.Users = [new DicomUser { Username = "a" }, new DicomUser { Username = "a" }],
            s => s.Dicom.Users = [new DicomUser { Username = "a" }, new DicomUser { Username = "A" }]),
        new("password hash malformed", "Dicom:Users:0:PasswordHash", s => s.Dicom.Users = [new DicomUser { Username = "a", PasswordHash = "secret" }],
            s => s.Dicom.Users = [new DicomUser { Username = "a", PasswordHash = Osprey.Server.Security.PasswordHash.Create("secret", 10) }]),
        new("identity required needs users", "Dicom:RequireUserIdentity", s => s.Dicom.RequireUserIdentity = true,
            s => { s.Dicom.RequireUserIdentity = true; s.Dicom.Users = [new DicomUser { Username = "a" }]; }),
        new("duplicate policy", "Storage:DuplicatePolicy", s => s.Storage.DuplicatePolicy = "overwrite", s => s.Storage.DuplicatePolicy = "keep"),
        new("duplicate policy case", "Storage:DuplicatePolicy", s => s.Storage.DuplicatePolicy = "Reject", s => s.Storage.DuplicatePolicy = "reject"),
        new("index provider", "Index:Provider", s => s.Index.Provider = "postgresql", s => s.Index.Provider = "sqlite"),
        new("index provider case", "Index:Provider", s => s.Index.Provider = "SQLite", s => s.Index.Provider = "sqlite"),
        new("index provider empty", "Index:Provider", s => s.Index.Provider = "", s => s.Index.Provider = "sqlite"),
        new("web port", "Web:Port", s => s.Web.Port = 70000, s => s.Web.Port = 0),
        new("web bind address", "Web:BindAddress", s => s.Web.BindAddress = "localhost", s => s.Web.BindAddress = "::1"),
        new("web port apart from DICOM", "Web:Port", s => s.Web.Port = s.Dicom.TcpPort, s => s.Web.Port = 8443),
        new("web https needs a certificate", "Web:Https", s => s.Web.Https = true, s => { s.Web.Https = true; s.Dicom.Tls.Certificate = "/etc/osprey/cert.pem"; }),
        new("web API token hash", "Web:ApiTokens:0", s => s.Web.ApiTokens = ["secret"], s => s.Web.ApiTokens = [Osprey.Server.Web.Security.ApiTokens.Create().Hash]),
        new("device AE title", "Devices:0:AeTitle", s => s.Devices[0].AeTitle = "TOO-LONG-AE-TITLE-X", s => s.Devices[0].AeTitle = "CT_ROOM_2"),
        new("device host", "Devices:0:Host", s => s.Devices[0].Host = " ", s => s.Devices[0].Host = "ct.example"),
        new("device port 0", "Devices:0:Port", s => s.Devices[0].Port = 0, s => s.Devices[0].Port = 1),
        new("device port too big", "Devices:0:Port", s => s.Devices[0].Port = 65536, s => s.Devices[0].Port = 65535),
        new("device AE titles unique", "Devices:1:AeTitle",
            s => s.Devices.Add(new RemoteDevice { AeTitle = "CT1 ", Host = "h", Port = 104 }),
            s => s.Devices.Add(new RemoteDevice { AeTitle = "CT2", Host = "h", Port = 104 })),
        new("device services", "Devices:0:AllowedServices:1", s => s.Devices[0].AllowedServices = ["store", "print"], s => s.Devices[0].AllowedServices = ["Store", "echo", "find", "move", "get", "query", "retrieve"]),
        new("device key without its certificate", "Devices:0:TlsPrivateKey", s => s.Devices[0].TlsPrivateKey = "k.pem", s => { s.Devices[0].TlsPrivateKey = "k.pem"; s.Devices[0].TlsCertificate = "c.pem"; }),
        new("override transfer syntax", "Devices:0:Overrides:PreferredTransferSyntax", s => O(s).PreferredTransferSyntax = "", s => O(s).PreferredTransferSyntax = "RLELossless"),
        new("override PDU size", "Devices:0:Overrides:MaxPduSize", s => O(s).MaxPduSize = 5000, s => O(s).MaxPduSize = 8192),
        new("override send timer", "Devices:0:Overrides:Timeouts:SendSeconds", s => O(s).Timeouts.SendSeconds = -1, s => O(s).Timeouts.SendSeconds = 0),
        new("override receive timer", "Devices:0:Overrides:Timeouts:ReceiveSeconds", s => O(s).Timeouts.ReceiveSeconds = -1, s => O(s).Timeouts.ReceiveSeconds = 1),
        new("override connection timer", "Devices:0:Overrides:Timeouts:ConnectionSeconds", s => O(s).Timeouts.ConnectionSeconds = -1, s => O(s).Timeouts.ConnectionSeconds = 1),
        new("override wait timer", "Devices:0:Overrides:Timeouts:WaitSeconds", s => O(s).Timeouts.WaitSeconds = -1, s => O(s).Timeouts.WaitSeconds = 1),
        new("override storescu flags", "Devices:0:Overrides:StorescuFlags", s => O(s).StorescuFlags = "-aec OTHER", s => O(s).StorescuFlags = ""),
        new("override query/retrieve limit", "Devices:0:Overrides:QueryRetrieveLimit", s => O(s).QueryRetrieveLimit = -1, s => O(s).QueryRetrieveLimit = 50),
    ];

    public static TheoryData<string> Rules => new(AllRules.Select(r => r.Name));

    private static Rule Find(string name) => AllRules.Single(r => r.Name == name);

    [Fact]
    public void DefaultsAreValid() => Assert.Empty(SettingsValidator.Validate(new OspreySettings()));

    [Theory]
    [MemberData(nameof(Rules))]
    public void BrokenRule_GivesOneLineNamingTheKey(string name)
    {
        var rule = Find(name);
        var s = WithDevice();
        rule.Break(s);
        var problem = Assert.Single(SettingsValidator.Validate(s));
        Assert.StartsWith(rule.Key + ": must ", problem);
        Assert.Contains(" (got ", problem);
        Assert.DoesNotContain('\n', problem);
        Assert.DoesNotContain('\r', problem);
        Assert.DoesNotContain('\t', problem);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void KeptRule_GivesNoProblem(string name)
    {
        var rule = Find(name);
        var s = WithDevice();
        rule.Keep(s);
        Assert.Empty(SettingsValidator.Validate(s));
    }

    [Fact]
    public void AeTitleMessage_IsTheDocumentedLine()
    {
        var s = new OspreySettings();
        s.Dicom.StorageAeTitle = "TOO-LONG-AE-TITLE-X";
        Assert.Equal(
            "Dicom:StorageAeTitle: must be 1 to 16 characters of the DICOM default character repertoire, without backslash or control characters, not all spaces (got \"TOO-LONG-AE-TITLE-X\")",
            Assert.Single(SettingsValidator.Validate(s)));
    }

    [Fact]
    public void StorescuMessage_NamesTheFlag()
    {
        var s = new OspreySettings();
        s.Dicom.StorescuFlags = "-xs --frobnicate";
        Assert.Contains("\"--frobnicate\"", Assert.Single(SettingsValidator.Validate(s)));
    }

    [Fact]
    public void ControlCharactersAreEscapedInTheMessage()
    {
        var s = new OspreySettings();
        s.Dicom.StorageAeTitle = "A\nB";
        Assert.EndsWith("(got \"A\\u000AB\")", Assert.Single(SettingsValidator.Validate(s)));
    }

    [Fact]
    public void EveryProblemIsReported()
    {
        var s = WithDevice();
        s.Dicom.TcpPort = -1;
        s.Dicom.MaxPduSize = 1;
        s.Devices[0].Port = 0;
        var problems = SettingsValidator.Validate(s);
        Assert.Equal(["Dicom:TcpPort", "Dicom:MaxPduSize", "Devices:0:Port"], problems.Select(p => p[..p.IndexOf(": ", StringComparison.Ordinal)]));
        var e = Assert.Throws<SettingsException>(() => SettingsValidator.ThrowIfInvalid(s));
        Assert.Equal(problems[0], e.Message);
        Assert.Equal(problems, e.Problems);
    }
}
