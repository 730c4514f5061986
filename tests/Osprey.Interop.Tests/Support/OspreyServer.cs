using System.Net;
using System.Net.Sockets;
using Osprey.Server.Cli;

namespace Osprey.Interop.Tests.Support;

/// <summary>
/// Runs <c>osprey serve</c> (the same code path as the program) in-process on a free 127.0.0.1 port
/// with a fresh data directory, and stops it when disposed.
/// </summary>
public sealed class OspreyServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();
    private readonly Task<int> _run;

    private readonly bool _ownsDataDirectory;

    public OspreyServer(params string[] settings) : this(null, null, settings)
    {
    }

    /// <summary>Serves from <paramref name="dataDirectory"/> (kept when stopped), or from a fresh temporary one when null.</summary>
    /// <summary>A server on an existing data directory (kept after the test). A constructor would be ambiguous with the settings one.</summary>
    public static OspreyServer WithData(string dataDirectory, params string[] settings) => new(dataDirectory, null, settings);

    private OspreyServer(string? dataDirectory, TestCertificates? tls, string[] settings, bool requireClientCertificate = false, int webPortInFile = 0)
    {
        _ownsDataDirectory = dataDirectory == null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("osprey-test-").FullName;
        Port = FreePort();
        TlsPort = tls != null ? FreePort() : 0;
        if (webPortInFile != 0)
            File.WriteAllText(Path.Combine(DataDirectory, "settings.json"),
                $$"""{ "Dicom": { "BindAddress": "127.0.0.1", "TcpPort": {{Port}} }, "Web": { "Port": {{webPortInFile}} } }""");
        // The web page is off unless a test turns it on (on a port of its own): tests run side by side.
        string[] args = webPortInFile != 0 ? settings
            : [$"--Dicom:BindAddress=127.0.0.1", $"--Dicom:TcpPort={Port}", "--Web:Port=0", .. tls?.ServerSettings(TlsPort, requireClientCertificate) ?? [], .. settings];
        _run = Task.Run(() => ServeCommand.RunAsync(DataDirectory, args, TextWriter.Synchronized(_stdout), TextWriter.Synchronized(_stderr), _stop.Token));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Output.Contains(tls != null ? "listening for DICOM over TLS" : "listening for DICOM"))
        {
            if (_run.IsCompleted) throw new InvalidOperationException($"osprey serve exited with {_run.Result}: {_stderr}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("osprey serve did not start listening");
            Thread.Sleep(20);
        }
    }

    /// <summary>
    /// A server with a TLS port beside its TCP port, presenting <paramref name="certificates"/>' server
    /// certificate and trusting their CA (for client certificates and devices).
    /// </summary>
    /// <summary>A server with its web page on a free port of 127.0.0.1 (<see cref="WebPort"/>, <see cref="WebUrl"/>).</summary>
    public static OspreyServer WithWeb(params string[] settings) => WithWebAndData(null, settings);

    /// <summary>As <see cref="WithWeb"/>, on <paramref name="dataDirectory"/> when it is not null.</summary>
    public static OspreyServer WithWebAndData(string? dataDirectory, params string[] settings)
    {
        int web = FreePort();
        var server = new OspreyServer(dataDirectory, null, [$"--Web:Port={web}", .. settings]) { WebPort = web };
        server.WaitForLogLineAsync(20, "web page on").GetAwaiter().GetResult();
        return server;
    }

    /// <summary>
    /// As <see cref="WithWeb"/>, but with the ports and the bind address in a fresh <c>settings.json</c>
    /// instead of arguments, so that the settings page may change them (an argument would pin them);
    /// on <paramref name="dataDirectory"/> (kept) when it is not null.
    /// </summary>
    public static OspreyServer WithWebSettingsInFile(string? dataDirectory, params string[] settings)
    {
        int web = FreePort();
        var server = new OspreyServer(dataDirectory, null, settings, webPortInFile: web) { WebPort = web };
        server.WaitForLogLineAsync(20, "web page on").GetAwaiter().GetResult();
        return server;
    }

    /// <summary>The web page's port (0: off).</summary>
    public int WebPort { get; private init; }

    public string WebUrl => $"http://127.0.0.1:{WebPort}";

    public static OspreyServer WithTls(TestCertificates certificates, bool requireClientCertificate = false, string? dataDirectory = null, params string[] settings) =>
        new(dataDirectory, certificates, settings, requireClientCertificate);

    /// <summary>A fresh data directory whose settings.json is <paramref name="json"/> (the caller deletes it).</summary>
    public static string DataDirectoryWith(string json)
    {
        var data = Directory.CreateTempSubdirectory("osprey-test-").FullName;
        File.WriteAllText(Path.Combine(data, "settings.json"), json);
        return data;
    }

    public int Port { get; }

    /// <summary>The TLS port, or 0 when the server has none.</summary>
    public int TlsPort { get; }
    public string DataDirectory { get; }
    public string Output => _stdout.ToString();
    public string Errors => _stderr.ToString();

    /// <summary>
    /// Waits until the server's log has a line with every one of <paramref name="parts"/> (an
    /// association's line is written when it ends, a moment after the peer's last message) and returns
    /// it; fails with the log after <paramref name="seconds"/>.
    /// </summary>
    public async Task<string> WaitForLogLineAsync(int seconds, params string[] parts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var line = Output.Split('\n').FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));
            if (line != null) return line;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"no log line with [{string.Join("], [", parts)}] within {seconds} s; the log:\n{Output}");
            await Task.Delay(20);
        }
    }

    /// <summary>As <see cref="WaitForLogLineAsync(int, string[])"/> within 10 s.</summary>
    public Task<string> WaitForLogLineAsync(params string[] parts) => WaitForLogLineAsync(10, parts);

    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _run.WaitAsync(TimeSpan.FromSeconds(20));
        if (!_ownsDataDirectory) return;
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
