using Osprey.Interop.Tests.Support;
using Osprey.Server.Cli;

namespace Osprey.Interop.Tests.Network;

/// <summary>Verification (C-ECHO) between Osprey and the real DCMTK and GDCM programs, both directions.</summary>
public class EchoInteropTests
{
    [Fact]
    public async Task Echoscu_succeeds_to_the_storage_and_archive_query_ae_titles()
    {
        await using var server = new OspreyServer("--Dicom:StorageAeTitle=OSPREY", "--Dicom:ArchiveQueryAeTitle=OSPREY_QR");
        var storage = Peer.Run("echoscu", "-v", "-aec", "OSPREY", "127.0.0.1", server.Port.ToString());
        Assert.True(storage.ExitCode == 0, storage.ToString());
        Assert.Contains("Received Echo Response (Success)", storage.Output);
        var query = Peer.Run("echoscu", "-v", "-aec", "OSPREY_QR", "127.0.0.1", server.Port.ToString());
        Assert.True(query.ExitCode == 0, query.ToString());
        Assert.Contains("association peer=127.0.0.1", server.Output);
        Assert.Contains("called=\"OSPREY_QR\"", server.Output);
    }

    [Fact]
    public async Task Echoscu_to_another_called_ae_title_is_rejected_called_ae_not_recognized()
    {
        await using var server = new OspreyServer();
        var result = Peer.Run("echoscu", "-v", "-aec", "SOMEONE_ELSE", "127.0.0.1", server.Port.ToString());
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Rejected Permanent", result.Output);
        Assert.Contains("Called AE Title Not Recognized", result.Output);
    }

    [Theory]
    [InlineData("4096")]
    [InlineData("16384")]
    [InlineData("131072")]
    public async Task Echoscu_succeeds_with_each_max_pdu(string pdu)
    {
        await using var server = new OspreyServer();
        var result = Peer.Run("echoscu", "-v", "-aec", "OSPREY", "-pdu", pdu, "127.0.0.1", server.Port.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Echoscu_repeats_50_echoes_on_one_association()
    {
        await using var server = new OspreyServer();
        var result = Peer.Run("echoscu", "-v", "-aec", "OSPREY", "--repeat", "50", "127.0.0.1", server.Port.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(50, result.Output.Split("Received Echo Response (Success)").Length - 1);
        Assert.Equal(1, result.Output.Split("Association Accepted").Length - 1);
    }

    [Fact]
    public async Task Echoscu_proposing_128_presentation_contexts_succeeds()
    {
        await using var server = new OspreyServer();
        var result = Peer.Run("echoscu", "-v", "-aec", "OSPREY", "-ppc", "128", "127.0.0.1", server.Port.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Received Echo Response (Success)", result.Output);
    }

    /// <summary>
    /// Debian's gdcmscu 3.0.21 aborts with "ProtocolStream as nullptr is invalid" after the release of
    /// every C-ECHO association, against DCMTK's storescp as well: that crash is GDCM's. So the test
    /// checks what gdcmscu itself reports before it: the A-ASSOCIATE-AC (PDU code 2) and the P-DATA
    /// carrying the C-ECHO response (PDU code 4); that Osprey saw a normal release; and that gdcmscu
    /// ends exactly as it does against storescp (when GDCM is fixed, both become exit 0).
    /// </summary>
    [Fact]
    public async Task Gdcmscu_echo_succeeds()
    {
        await using var server = new OspreyServer();
        var result = Peer.Run("gdcmscu", "-D", "--echo", "--call", "OSPREY", "127.0.0.1", server.Port.ToString());
        Assert.Contains("PDU code: 2", result.Output);
        Assert.Contains("PDU code: 4", result.Output);
        await server.WaitForLogLineAsync("association peer=", "calling=\"GDCMSCU\"", "outcome=\"released\"");

        await using var storescp = await Storescp.StartAsync();
        var control = Peer.Run("gdcmscu", "--echo", "--call", "STORESCP", "127.0.0.1", storescp.Port.ToString());
        Assert.Equal(control.ExitCode, result.ExitCode);
    }

    [Fact]
    public async Task Osprey_echo_succeeds_against_dcmtk_storescp()
    {
        await using var storescp = await Storescp.StartAsync();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await EchoCommand.RunAsync("127.0.0.1", storescp.Port, "OSPREY", "STORESCP", 10, stdout, stderr);
        Assert.True(exit == 0, stderr.ToString());
        Assert.Contains("success", stdout.ToString());
    }

    [Fact]
    public async Task Osprey_echo_succeeds_against_dcmtk_dcmqrscp_and_reports_its_rejection_of_an_unknown_ae()
    {
        var dir = Directory.CreateTempSubdirectory("osprey-dcmqrscp-").FullName;
        var dcmqrscp = await Dcmqrscp.StartAsync("ARCHIVE", dir);
        int port = dcmqrscp.Port;
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = await EchoCommand.RunAsync("127.0.0.1", port, "OSPREY", "ARCHIVE", 10, stdout, stderr);
            Assert.True(exit == 0, stderr.ToString());

            stdout = new StringWriter();
            stderr = new StringWriter();
            exit = await EchoCommand.RunAsync("127.0.0.1", port, "OSPREY", "NOT_THERE", 10, stdout, stderr);
            Assert.Equal(1, exit);
            Assert.Contains("called AE title not recognized", stderr.ToString());
        }
        finally
        {
            await dcmqrscp.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Osprey_echo_reports_a_port_where_nothing_listens()
    {
        int port = OspreyServer.FreePort();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await EchoCommand.RunAsync("127.0.0.1", port, "OSPREY", "ANY", 5, stdout, stderr);
        Assert.Equal(1, exit);
        var line = Assert.Single(stderr.ToString().TrimEnd('\n').Split('\n'));
        Assert.Contains("cannot connect", line);
        Assert.Contains("refused", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Osprey_echo_as_a_process_exits_zero_against_osprey_serve()
    {
        var data = Directory.CreateTempSubdirectory("osprey-proc-").FullName;
        try
        {
            using var serverProcess = OspreyProcess.Start("serve", "--data", data, "--Dicom:BindAddress=127.0.0.1", $"--Dicom:TcpPort={OspreyServer.FreePort()}", "--Web:Port=0");
            var port = serverProcess.WaitForListeningPort();
            var result = OspreyProcess.Run("echo", "127.0.0.1", port.ToString(), "--aec", "OSPREY");
            Assert.True(result.ExitCode == 0, result.StandardError);
            Assert.Contains("success", result.StandardOutput);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
