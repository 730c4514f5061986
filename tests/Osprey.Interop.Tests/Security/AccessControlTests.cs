using System.Globalization;
using Osprey.Interop.Tests.QueryRetrieve;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Security;

/// <summary>
/// <c>Dicom:AccessControl = known-devices</c> and a device's <c>AllowedServices</c>, as DCMTK's tools
/// see them: A-ASSOCIATE-RJ with reason 3 (calling AE title not recognized) for an unknown AE title
/// or a known one from the wrong host; the contexts of services a device may not use rejected at
/// negotiation; one log line per rejection naming calling AE, called AE, address and reason.
/// </summary>
public sealed class AccessControlTests : IAsyncLifetime
{
    private string _data = "";
    private string _files = "";
    private OspreyServer _server = null!;
    private IReadOnlyList<SyntheticCt.Instance> _instances = [];

    public Task InitializeAsync()
    {
        _files = Directory.CreateTempSubdirectory("osprey-acl-").FullName;
        _instances = SyntheticCt.Write(_files, 3, studies: 1, rows: 32, columns: 32);
        _data = OspreyServer.DataDirectoryWith("""
            {
              "Dicom": { "AccessControl": "known-devices" },
              "Devices": [
                { "AeTitle": "MODALITY", "Host": "127.0.0.1", "Port": 104 },
                { "AeTitle": "BYNAME", "Host": "localhost", "Port": 104 },
                { "AeTitle": "ELSEWHERE", "Host": "127.0.0.2", "Port": 104 },
                { "AeTitle": "STOREONLY", "Host": "127.0.0.1", "Port": 104, "AllowedServices": [ "store" ] },
                { "AeTitle": "GETONLY", "Host": "127.0.0.1", "Port": 104, "AllowedServices": [ "get" ] }
              ]
            }
            """);
        _server = OspreyServer.WithData(_data);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
        Directory.Delete(_files, recursive: true);
    }

    private Peer.Result Echo(string callingAe) =>
        Peer.Run("echoscu", "-v", "-aet", callingAe, "-aec", "OSPREY", "127.0.0.1", _server.Port.ToString(CultureInfo.InvariantCulture));

    [Fact]
    public async Task An_unknown_calling_AE_title_is_rejected_with_reason_3_and_one_log_line()
    {
        var result = Echo("STRANGER");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Association Rejected", result.Output);
        Assert.Contains("Result: Rejected Permanent, Source: Service User", result.Output);
        Assert.Contains("Reason: Calling AE Title Not Recognized", result.Output);
        var line = await _server.WaitForLogLineAsync("association rejected peer=127.0.0.1:");
        Assert.Single(_server.Output.Split('\n'), l => l.Contains("association rejected", StringComparison.Ordinal));
        Assert.Contains("calling=\"STRANGER\" called=\"OSPREY\"", line);
        Assert.Contains("reason=\"calling AE title 'STRANGER' is not a known device", line);

        Assert.True(Echo("MODALITY").ExitCode == 0, "a known device from its own address is accepted");
    }

    [Fact]
    public async Task A_known_device_from_another_host_is_rejected_and_a_host_name_is_resolved_at_start()
    {
        var result = Echo("ELSEWHERE");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Reason: Calling AE Title Not Recognized", result.Output);
        await _server.WaitForLogLineAsync("association rejected", "calling=\"ELSEWHERE\"", "device 'ELSEWHERE' is known at 127.0.0.2, not at 127.0.0.1");

        var byName = Echo("BYNAME");
        Assert.True(byName.ExitCode == 0, byName.ToString());
    }

    [Fact]
    public void A_store_only_device_stores_but_its_query_retrieve_and_echo_contexts_are_rejected()
    {
        string port = _server.Port.ToString(CultureInfo.InvariantCulture);
        var store = Peer.Run("storescu", ["-v", "-aet", "STOREONLY", "-aec", "OSPREY", "127.0.0.1", port, .. _instances.Select(i => i.Path)]);
        Assert.True(store.ExitCode == 0, store.ToString());
        Assert.Equal(3, store.Output.Split("Received Store Response (Success)").Length - 1);

        var find = Peer.Run("findscu", "-v", "-S", "-aet", "STOREONLY", "-aec", "OSPREY", "-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID", "127.0.0.1", port);
        Assert.NotEqual(0, find.ExitCode);
        Assert.Contains("No Acceptable Presentation Contexts", find.Output);
        var move = Peer.Run("movescu", "-v", "-S", "-aet", "STOREONLY", "-aec", "OSPREY", "-aem", "STOREONLY", "-k", "QueryRetrieveLevel=STUDY",
            "-k", $"StudyInstanceUID={_instances[0].StudyInstanceUid}", "127.0.0.1", port);
        Assert.NotEqual(0, move.ExitCode);
        Assert.Contains("No Acceptable Presentation Contexts", move.Output);
        var echo = Echo("STOREONLY");
        Assert.NotEqual(0, echo.ExitCode);
        Assert.Contains("No Acceptable Presentation Contexts", echo.Output);
    }

    [Fact]
    public void A_get_only_device_retrieves_with_getscu_but_cannot_store()
    {
        string port = _server.Port.ToString(CultureInfo.InvariantCulture);
        var seed = Peer.Run("storescu", ["-aet", "MODALITY", "-aec", "OSPREY", "127.0.0.1", port, .. _instances.Select(i => i.Path)]);
        Assert.True(seed.ExitCode == 0, seed.ToString());

        var output = Directory.CreateTempSubdirectory("osprey-acl-get-").FullName;
        try
        {
            var get = RetrieveChecks.Parse(Peer.Run("getscu", "-d", "-S", "-aet", "GETONLY", "-aec", "OSPREY", "-od", output,
                "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={_instances[0].StudyInstanceUid}", "127.0.0.1", port));
            Assert.True(get.Status == 0 && get.Completed == 3, get.ToString());
            Assert.Equal(3, Directory.EnumerateFiles(output).Count());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
        var store = Peer.Run("storescu", "-v", "-aet", "GETONLY", "-aec", "OSPREY", "127.0.0.1", port, _instances[0].Path);
        Assert.NotEqual(0, store.ExitCode);
        Assert.DoesNotContain("Received Store Response (Success)", store.Output);
    }
}
