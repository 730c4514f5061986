using System.Collections;
using System.Text.Json;
using Osprey.Dicom.Dictionary;
using Osprey.Server.Settings;

namespace Osprey.Server.Tests.Settings;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Hashtable Env(params (string Name, string Value)[] vars)
    {
        var env = new Hashtable();
        foreach (var (name, value) in vars)
            env[name] = value;
        return env;
    }

    private OspreySettings Load(params string[] args) => SettingsLoader.Load(_dir.Path, args, Env());

    private void WriteJson(string json) => File.WriteAllText(_dir.SettingsFile, json);

    private IEnumerable<string> OtherFiles() =>
        Directory.EnumerateFileSystemEntries(_dir.Path).Where(f => Path.GetFileName(f) != "settings.json");

    [Fact]
    public void FirstStart_WritesSettingsJsonWithAllDefaults_AndLoadsThem()
    {
        var data = Path.Combine(_dir.Path, "new-data");
        var s = SettingsLoader.Load(data, [], Env());

        var file = Path.Combine(data, "settings.json");
        Assert.True(File.Exists(file));
        Assert.Equal(["settings.json"], Directory.EnumerateFileSystemEntries(data).Select(Path.GetFileName));
        var text = File.ReadAllText(file);
        Assert.Equal(SettingsLoader.ToJson(new OspreySettings()), text);
        Assert.Contains("\n  \"Dicom\": {", text); // indented

        using var json = JsonDocument.Parse(text);
        var dicom = json.RootElement.GetProperty("Dicom");
        Assert.Equal("0.0.0.0", dicom.GetProperty("BindAddress").GetString());
        Assert.Equal(11112, dicom.GetProperty("TcpPort").GetInt32());
        Assert.Equal(0, dicom.GetProperty("TlsPort").GetInt32());
        Assert.Equal("OSPREY", dicom.GetProperty("StorageAeTitle").GetString());
        Assert.Equal("", dicom.GetProperty("ArchiveQueryAeTitle").GetString());
        Assert.Equal("1.2.840.10008.1.2.1", dicom.GetProperty("PreferredTransferSyntax").GetString());
        Assert.Equal(131072, dicom.GetProperty("MaxPduSize").GetInt32());
        foreach (var timer in new[] { "SendSeconds", "ReceiveSeconds", "ConnectionSeconds", "WaitSeconds" })
            Assert.Equal(30, dicom.GetProperty("Timeouts").GetProperty(timer).GetInt32());
        Assert.Equal("", dicom.GetProperty("StorescuFlags").GetString());
        Assert.False(dicom.GetProperty("CaseSensitiveQueries").GetBoolean());
        Assert.True(dicom.GetProperty("EmptyMatching").GetBoolean());
        Assert.Equal(1000, dicom.GetProperty("QueryRetrieveLimit").GetInt32());
        Assert.False(dicom.GetProperty("RemovePrivateTags").GetBoolean());
        Assert.True(dicom.GetProperty("SendUpdates").GetBoolean());
        Assert.False(dicom.GetProperty("AssociationHeartbeat").GetBoolean());
        Assert.Equal(64, dicom.GetProperty("MaxAssociations").GetInt32());
        Assert.False(dicom.GetProperty("Tls").GetProperty("RequireClientCertificate").GetBoolean());
        Assert.Equal("replace", json.RootElement.GetProperty("Storage").GetProperty("DuplicatePolicy").GetString());
        Assert.False(json.RootElement.GetProperty("Storage").TryGetProperty("DataDirectory", out _));
        Assert.Equal("sqlite", json.RootElement.GetProperty("Index").GetProperty("Provider").GetString());
        Assert.Equal(8080, json.RootElement.GetProperty("Web").GetProperty("Port").GetInt32());
        Assert.Equal("127.0.0.1", json.RootElement.GetProperty("Web").GetProperty("BindAddress").GetString());
        Assert.False(json.RootElement.GetProperty("Web").GetProperty("Https").GetBoolean());
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("Devices").ValueKind);
        Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("Forwarding").ValueKind);

        Assert.Equal(11112, s.Dicom.TcpPort);
        Assert.Equal("OSPREY", s.Dicom.StorageAeTitle);
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, s.Dicom.PreferredTransferSyntax);
        Assert.Equal(30, s.Dicom.Timeouts.WaitSeconds);
        Assert.Equal("replace", s.Storage.DuplicatePolicy);
        Assert.Equal(Path.GetFullPath(data), s.Storage.DataDirectory);
        Assert.Equal("sqlite", s.Index.Provider);
        Assert.Empty(s.Devices);
        Assert.Empty(s.Forwarding);
        Assert.Equal(SettingsLoader.ToJson(new OspreySettings()), SettingsLoader.ToJson(s));
    }

    [Fact]
    public void SecondStart_KeepsTheExistingFile()
    {
        WriteJson("""{ "Dicom": { "TcpPort": 2000 } }""");
        var s = Load();
        Assert.Equal(2000, s.Dicom.TcpPort);
        Assert.Equal("""{ "Dicom": { "TcpPort": 2000 } }""", File.ReadAllText(_dir.SettingsFile));
    }

    [Fact]
    public void JsonValuesAreRead_AndMissingKeysKeepTheirDefaults()
    {
        WriteJson("""
        {
          // comments are allowed
          "Dicom": {
            "TcpPort": 4242, "TlsPort": 2762, "StorageAeTitle": "ARCHIVE", "ArchiveQueryAeTitle": "ARCHIVE_Q",
            "PreferredTransferSyntax": "1.2.840.10008.1.2", "MaxPduSize": 65536,
            "Timeouts": { "SendSeconds": 5, "WaitSeconds": 0 },
            "StorescuFlags": "-xs --max-pdu 65536", "CaseSensitiveQueries": true, "EmptyMatching": false,
            "QueryRetrieveLimit": 0, "RemovePrivateTags": true, "SendUpdates": false, "AssociationHeartbeat": true,
            "MaxAssociations": 8,
            "Tls": { "Certificate": "/etc/osprey/cert.pem", "PrivateKey": "/etc/osprey/key.pem", "TrustedCertificates": "/etc/osprey/ca.pem", "RequireClientCertificate": true }
          },
          "Storage": { "DuplicatePolicy": "reject" },
          "Index": { "Provider": "sqlite" },
          "Web": { "Port": 8443, "BindAddress": "0.0.0.0", "Https": true, "ApiTokens": [ "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" ] },
          "Devices": [
            { "AeTitle": "CT1", "Host": "10.0.0.5", "Port": 104, "Tls": true, "AllowedServices": [ "store", "echo" ],
              "Overrides": { "MaxPduSize": 16384, "Timeouts": { "ReceiveSeconds": 90 }, "StorescuFlags": "", "PreferredTransferSyntax": null } },
            { "AeTitle": "WS", "Host": "ws.example", "Port": 11112 }
          ],
          "Forwarding": [ { "Name": "to-ws", "DestinationAeTitle": "WS", "Filter": "Modality=CT" } ],
        }
        """);
        var s = Load();
        var d = s.Dicom;
        Assert.Equal(4242, d.TcpPort);
        Assert.Equal(2762, d.TlsPort);
        Assert.Equal("ARCHIVE", d.StorageAeTitle);
        Assert.Equal("ARCHIVE_Q", d.ArchiveQueryAeTitle);
        Assert.Equal(DicomUids.ImplicitVRLittleEndian, d.PreferredTransferSyntax);
        Assert.Equal(65536, d.MaxPduSize);
        Assert.Equal(5, d.Timeouts.SendSeconds);
        Assert.Equal(30, d.Timeouts.ReceiveSeconds);
        Assert.Equal(30, d.Timeouts.ConnectionSeconds);
        Assert.Equal(0, d.Timeouts.WaitSeconds);
        Assert.Equal("-xs --max-pdu 65536", d.StorescuFlags);
        Assert.True(d.CaseSensitiveQueries);
        Assert.False(d.EmptyMatching);
        Assert.Equal(0, d.QueryRetrieveLimit);
        Assert.True(d.RemovePrivateTags);
        Assert.False(d.SendUpdates);
        Assert.True(d.AssociationHeartbeat);
        Assert.Equal(8, d.MaxAssociations);
        Assert.Equal("/etc/osprey/cert.pem", d.Tls.Certificate);
        Assert.Equal("/etc/osprey/key.pem", d.Tls.PrivateKey);
        Assert.Equal("/etc/osprey/ca.pem", d.Tls.TrustedCertificates);
        Assert.True(d.Tls.RequireClientCertificate);
        Assert.Equal("0.0.0.0", d.BindAddress);
        Assert.Equal("reject", s.Storage.DuplicatePolicy);
        Assert.Equal("sqlite", s.Index.Provider);
        Assert.Equal(8443, s.Web.Port);
        Assert.Equal("0.0.0.0", s.Web.BindAddress);
        Assert.True(s.Web.Https);
        Assert.Equal(["sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"], s.Web.ApiTokens);

        Assert.Equal(2, s.Devices.Count);
        var ct = s.Devices[0];
        Assert.Equal("CT1", ct.AeTitle);
        Assert.Equal("10.0.0.5", ct.Host);
        Assert.Equal(104, ct.Port);
        Assert.True(ct.Tls);
        Assert.Equal(["store", "echo"], ct.AllowedServices);
        Assert.True(ct.Allows("STORE"));
        Assert.False(ct.Allows("find"));
        Assert.Equal(16384, ct.Overrides.MaxPduSize);
        Assert.Equal(90, ct.Overrides.Timeouts.ReceiveSeconds);
        Assert.Null(ct.Overrides.Timeouts.SendSeconds);
        Assert.Equal("", ct.Overrides.StorescuFlags); // an empty override is an override
        Assert.Null(ct.Overrides.PreferredTransferSyntax); // JSON null: not overridden
        Assert.Null(ct.Overrides.CaseSensitiveQueries);
        var ws = s.Devices[1];
        Assert.Empty(ws.AllowedServices);
        Assert.True(ws.Allows("find"));
        Assert.Null(ws.Overrides.StorescuFlags);
        Assert.Null(ws.Overrides.MaxPduSize);

        var rule = Assert.Single(s.Forwarding);
        Assert.Equal(("to-ws", "WS", "Modality=CT"), (rule.Name, rule.DestinationAeTitle, rule.Filter));
    }

    [Fact]
    public void EnvironmentOverridesJson()
    {
        WriteJson("""{ "Dicom": { "TcpPort": 2000, "StorageAeTitle": "FROMJSON" }, "Devices": [ { "AeTitle": "CT1", "Host": "ct1", "Port": 104 } ] }""");
        var s = SettingsLoader.Load(_dir.Path, [], Env(
            ("OSPREY_Dicom__TcpPort", "104"),
            ("osprey_dicom__casesensitivequeries", "true"),
            ("OSPREY_Devices__0__Overrides__MaxPduSize", "8192"),
            ("PATH", "/usr/bin"),
            ("DICOM__TcpPort", "7")));
        Assert.Equal(104, s.Dicom.TcpPort);
        Assert.True(s.Dicom.CaseSensitiveQueries);
        Assert.Equal("FROMJSON", s.Dicom.StorageAeTitle);
        Assert.Equal("ct1", s.Devices[0].Host);
        Assert.Equal(8192, s.Devices[0].Overrides.MaxPduSize);
    }

    [Fact]
    public void ProcessEnvironmentIsUsedWhenNoneIsGiven()
    {
        const string name = "OSPREY_Dicom__QueryRetrieveLimit";
        Environment.SetEnvironmentVariable(name, "77");
        try
        {
            Assert.Equal(77, SettingsLoader.Load(_dir.Path, []).Dicom.QueryRetrieveLimit);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void ArgumentsOverrideEnvironment_InBothForms_AndOtherArgumentsAreSkipped()
    {
        WriteJson("""{ "Dicom": { "TcpPort": 2000, "StorageAeTitle": "FROMJSON" } }""");
        var s = SettingsLoader.Load(_dir.Path,
            ["serve", "--data", _dir.Path, "--Dicom:TcpPort=105", "-v", "--Dicom:StorageAeTitle", "FROMARGS", "--Dicom:Tls:CertificatePassword=a=b"],
            Env(("OSPREY_Dicom__TcpPort", "104"), ("OSPREY_Dicom__StorageAeTitle", "FROMENV")));
        Assert.Equal(105, s.Dicom.TcpPort);
        Assert.Equal("FROMARGS", s.Dicom.StorageAeTitle);
        Assert.Equal("a=b", s.Dicom.Tls.CertificatePassword);
        Assert.Equal(Path.GetFullPath(_dir.Path), s.Storage.DataDirectory);
    }

    [Fact]
    public void IndexProvider_IsReadFromEveryLayer()
    {
        WriteJson("""{ "Index": { "Provider": "postgresql" } }""");
        Assert.Equal("sqlite", SettingsLoader.Load(_dir.Path, [], Env(("OSPREY_Index__Provider", "sqlite"))).Index.Provider);
        Assert.Equal("sqlite", SettingsLoader.Load(_dir.Path, ["--Index:Provider=sqlite"], Env()).Index.Provider);
        var e = Assert.Throws<SettingsException>(() => Load());
        Assert.Equal("Index:Provider: must be one of sqlite (got \"postgresql\")", e.Message);
    }

    [Fact]
    public void WithoutWritingDefaults_AMissingFileReadsAsTheDefaults_AndNothingIsCreated()
    {
        var data = Path.Combine(_dir.Path, "absent");
        var s = SettingsLoader.Load(data, ["--Dicom:TcpPort=104"], Env(), writeDefaults: false);
        Assert.Equal(104, s.Dicom.TcpPort);
        Assert.Equal("sqlite", s.Index.Provider);
        Assert.Equal(Path.GetFullPath(data), s.Storage.DataDirectory);
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public void ArgumentWithoutValue_IsRefused()
    {
        var e = Assert.Throws<SettingsException>(() => Load("--Dicom:TcpPort"));
        Assert.StartsWith("Dicom:TcpPort: ", e.Message);
    }

    [Fact]
    public void TransferSyntaxKeywordsBecomeUids()
    {
        WriteJson("""{ "Devices": [ { "AeTitle": "CT1", "Host": "ct1", "Port": 104, "Overrides": { "PreferredTransferSyntax": "jpeglossless" } } ] }""");
        var s = SettingsLoader.Load(_dir.Path, ["--Dicom:PreferredTransferSyntax=DeflatedExplicitVRLittleEndian"], Env());
        Assert.Equal(DicomUids.DeflatedExplicitVRLittleEndian, s.Dicom.PreferredTransferSyntax);
        Assert.Equal(DicomUids.JPEGLossless, s.Devices[0].Overrides.PreferredTransferSyntax);
    }

    [Theory]
    [InlineData("""{ "Dicom": { "TcpPrt": 104 } }""", "Dicom:TcpPrt: is not a setting")]
    [InlineData("""{ "Dicom": { "TcpPort": "abc" } }""", "Dicom:TcpPort: must be a whole number (got \"abc\")")]
    [InlineData("""{ "Dicom": { "TcpPort": 1.5 } }""", "Dicom:TcpPort: must be a whole number (got \"1.5\")")]
    [InlineData("""{ "Dicom": { "EmptyMatching": "yes" } }""", "Dicom:EmptyMatching: must be true or false (got \"yes\")")]
    [InlineData("""{ "Dicom": { "Timeouts": 5 } }""", "Dicom:Timeouts: must be a section, not a single value (got \"5\")")]
    [InlineData("""{ "Dicom": { "TcpPort": { "x": 1 } } }""", "Dicom:TcpPort: must be a single value, not a section")]
    [InlineData("""{ "Devices": "CT1" }""", "Devices: must be a list, not a single value (got \"CT1\")")]
    [InlineData("""{ "Devices": [ { "AeTitle": "CT1", "Host": "h", "Port": 1, "Overides": {} } ] }""", "Devices:0:Overides: is not a setting")]
    [InlineData("""{ "Devices": [ { "AeTitle": "CT1", "Host": "h", "Port": 1, "Overrides": { "MaxPduSize": "big" } } ] }""", "Devices:0:Overrides:MaxPduSize: must be a whole number (got \"big\")")]
    [InlineData("""{ "Storage": { "DataDirectory": "/srv" } }""", "Storage:DataDirectory: is not a setting; the data directory is given by the --data option")]
    [InlineData("""{ "Index": { "Provder": "sqlite" } }""", "Index:Provder: is not a setting")]
    [InlineData("""{ "Index": "sqlite" }""", "Index: must be a section, not a single value (got \"sqlite\")")]
    [InlineData("""{ "Index": { "Provider": "postgresql" } }""", "Index:Provider: must be one of sqlite (got \"postgresql\")")]
    public void UnknownKeysAndMistypedValues_StopLoadingWithOneLineNamingTheKey(string json, string expected)
    {
        WriteJson(json);
        var e = Assert.Throws<SettingsException>(() => Load());
        Assert.StartsWith(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void UnknownKeyFromEnvironment_IsNamed()
    {
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(_dir.Path, [], Env(("OSPREY_Dicom__Port", "104"))));
        Assert.StartsWith("Dicom:Port: is not a setting", e.Message);
    }

    [Theory]
    [InlineData("{ \"Dicom\": { \"TcpPort\": 104,, } }")]
    [InlineData("{ \"Dicom\": { \"TcpPort\": 104, \"TcpPort\": 105 } }")]
    [InlineData("[ 1, 2 ]")]
    [InlineData("")]
    public void InvalidJson_IsOneLineNamingTheFile(string json)
    {
        WriteJson(json);
        var e = Assert.Throws<SettingsException>(() => Load());
        Assert.StartsWith(_dir.SettingsFile + ": is not a valid settings file", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void BrokenRule_StopsLoadingWithTheFirstProblem()
    {
        WriteJson("""{ "Dicom": { "StorageAeTitle": "TOO-LONG-AE-TITLE-X", "MaxPduSize": 1000 } }""");
        var e = Assert.Throws<SettingsException>(() => Load());
        Assert.Equal("Dicom:StorageAeTitle: " + SettingsValidator.AeTitleRule + " (got \"TOO-LONG-AE-TITLE-X\")", e.Message);
        Assert.Equal(2, e.Problems.Count);
        Assert.StartsWith("Dicom:MaxPduSize: ", e.Problems[1]);
    }

    [Fact]
    public void Save_IsAtomic_LeavesNoTemporaryFile_AndRoundTrips()
    {
        var s = Load();
        s.Dicom.TcpPort = 4104;
        s.Dicom.StorescuFlags = "-xs";
        s.Devices.Add(new RemoteDevice
        {
            AeTitle = "CT1",
            Host = "10.0.0.5",
            Port = 104,
            AllowedServices = ["store"],
            Overrides = new DeviceOverrides { MaxPduSize = 16384, StorescuFlags = "", Timeouts = new TimeoutOverrides { SendSeconds = 0 } },
        });

        SettingsLoader.Save(_dir.Path, s);

        Assert.Empty(OtherFiles());
        var text = File.ReadAllText(_dir.SettingsFile);
        Assert.DoesNotContain("CaseSensitiveQueries\": null", text); // unset overrides are left out
        Assert.DoesNotContain("DataDirectory", text);
        var back = Load();
        Assert.Equal(SettingsLoader.ToJson(s), SettingsLoader.ToJson(back));
        Assert.Equal(4104, back.Dicom.TcpPort);
        Assert.Equal(0, back.Devices[0].Overrides.Timeouts.SendSeconds);
        Assert.Null(back.Devices[0].Overrides.Timeouts.ReceiveSeconds);
        Assert.Equal("", back.Devices[0].Overrides.StorescuFlags);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dir.SettingsFile));
    }

    [Fact]
    public void Save_RefusesInvalidSettings_AndLeavesTheFileAlone()
    {
        Load();
        var before = File.ReadAllText(_dir.SettingsFile);
        var s = Load();
        s.Dicom.MaxPduSize = 1234;
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Save(_dir.Path, s));
        Assert.StartsWith("Dicom:MaxPduSize: ", e.Message);
        Assert.Equal(before, File.ReadAllText(_dir.SettingsFile));
        Assert.Empty(OtherFiles());
    }
}
