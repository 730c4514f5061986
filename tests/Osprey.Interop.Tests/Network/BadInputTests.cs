using System.Net.Sockets;
using System.Text;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Network;

/// <summary>
/// Hostile or broken clients get the PS3.8 answer (A-ABORT, or the connection closed) within the
/// configured timers, memory stays bounded by the PDU limits, and a real echoscu is served right after.
/// </summary>
public class BadInputTests
{
    private static readonly string[] ShortTimers = ["--Dicom:Timeouts:ConnectionSeconds=2", "--Dicom:Timeouts:ReceiveSeconds=2"];

    private static async Task<(bool Aborted, bool Closed, TimeSpan Elapsed)> SendAndWatchAsync(int port, Func<NetworkStream, Task> send, TimeSpan limit)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sending = send(stream);
        bool aborted = false, closed = false;
        var buffer = new byte[1024];
        using var cts = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                int n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0) { closed = true; break; }
                if (buffer[0] == 0x07) aborted = true;
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            closed = true;
        }
        try { await sending.WaitAsync(TimeSpan.FromSeconds(1)); } catch (Exception) { }
        return (aborted, closed, clock.Elapsed);
    }

    /// <summary>A valid A-ASSOCIATE-RQ for Verification, as bytes.</summary>
    private static byte[] AssociateRequest(string callingAe) => Osprey.Network.Pdu.PduWriter.Write(new Osprey.Network.Pdu.AssociateRq
    {
        CalledAeTitle = "OSPREY",
        CallingAeTitle = callingAe,
        PresentationContexts = [new(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])],
        UserInformation = new() { MaximumLength = 16384, ImplementationClassUid = "1.2.3" },
    });

    private static void EchoStillWorks(OspreyServer server)
    {
        var echo = Peer.Run("echoscu", "-aec", "OSPREY", "127.0.0.1", server.Port.ToString());
        Assert.True(echo.ExitCode == 0, "echoscu after bad input: " + echo);
    }

    [Fact]
    public async Task Garbage_bytes_get_an_abort_and_the_server_keeps_serving()
    {
        await using var server = new OspreyServer(ShortTimers);
        var r = await SendAndWatchAsync(server.Port, s => s.WriteAsync(Encoding.ASCII.GetBytes("\x55\x01garbage that is not a PDU at all")).AsTask(), TimeSpan.FromSeconds(10));
        Assert.True(r.Aborted, "an A-ABORT is expected for an unrecognized PDU");
        Assert.True(r.Closed);
        EchoStillWorks(server);
    }

    [Fact]
    public async Task An_http_request_gets_an_abort()
    {
        await using var server = new OspreyServer(ShortTimers);
        var r = await SendAndWatchAsync(server.Port, s => s.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).AsTask(), TimeSpan.FromSeconds(10));
        Assert.True(r.Aborted && r.Closed);
        EchoStillWorks(server);
    }

    /// <summary>
    /// Run as its own process, so that the server's memory is measured alone: its peak working set
    /// stays far below the 4 GB the length field asks for.
    /// </summary>
    [Fact]
    public async Task A_pdu_length_of_0xFFFFFFFF_is_refused_without_allocating_it()
    {
        var data = Directory.CreateTempSubdirectory("osprey-huge-pdu-").FullName;
        try
        {
            using var server = OspreyProcess.Start(["serve", "--data", data, "--Dicom:BindAddress=127.0.0.1", $"--Dicom:TcpPort={OspreyServer.FreePort()}", "--Web:Port=0", .. ShortTimers]);
            int port = server.WaitForListeningPort();
            foreach (byte type in new byte[] { 0x01, 0x04 })
            {
                var r = await SendAndWatchAsync(port, s => s.WriteAsync(new byte[] { type, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01 }).AsTask(), TimeSpan.FromSeconds(10));
                Assert.True(r.Aborted && r.Closed, $"PDU type {type} with length 0xFFFFFFFF should be aborted");
            }
            server.Process.Refresh();
            Assert.True(server.Process.PeakWorkingSet64 < 300L * 1024 * 1024, $"peak working set {server.Process.PeakWorkingSet64 / 1e6:F0} MB");
            var echo = Peer.Run("echoscu", "-aec", "OSPREY", "127.0.0.1", port.ToString());
            Assert.True(echo.ExitCode == 0, "echoscu after bad input: " + echo);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_pdu_not_legal_before_association_gets_an_abort()
    {
        await using var server = new OspreyServer(ShortTimers);
        // A-RELEASE-RQ in Sta2: AA-1.
        var r = await SendAndWatchAsync(server.Port, s => s.WriteAsync(new byte[] { 0x05, 0x00, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 0 }).AsTask(), TimeSpan.FromSeconds(10));
        Assert.True(r.Aborted && r.Closed);
        EchoStillWorks(server);
    }

    [Fact]
    public async Task A_client_that_says_nothing_is_closed_when_the_connection_timer_runs_out()
    {
        await using var server = new OspreyServer(ShortTimers);
        var r = await SendAndWatchAsync(server.Port, _ => Task.CompletedTask, TimeSpan.FromSeconds(15));
        Assert.True(r.Closed, "the server should close a silent connection");
        Assert.InRange(r.Elapsed.TotalSeconds, 1.5, 10);
        EchoStillWorks(server);
    }

    [Fact]
    public async Task A_client_sending_one_byte_a_second_is_closed_by_the_timers()
    {
        await using var server = new OspreyServer(ShortTimers);
        var rq = AssociateRequest("SLOW");
        var r = await SendAndWatchAsync(server.Port, async s =>
        {
            foreach (var b in rq)
            {
                await s.WriteAsync(new[] { b });
                await Task.Delay(1000);
            }
        }, TimeSpan.FromSeconds(15));
        Assert.True(r.Closed, "the server should close a connection that trickles");
        Assert.InRange(r.Elapsed.TotalSeconds, 1.5, 10);
        EchoStillWorks(server);
    }

    [Fact]
    public async Task An_idle_established_association_is_aborted_by_the_receive_timer()
    {
        await using var server = new OspreyServer(ShortTimers);
        var rq = AssociateRequest("IDLE");
        var r = await SendAndWatchAsync(server.Port, s => s.WriteAsync(rq).AsTask(), TimeSpan.FromSeconds(15));
        Assert.True(r.Aborted && r.Closed, "after the A-ASSOCIATE-AC, silence gets an A-ABORT");
        Assert.InRange(r.Elapsed.TotalSeconds, 1.5, 10);
        EchoStillWorks(server);
    }
}
