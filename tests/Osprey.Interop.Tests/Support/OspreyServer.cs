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

    public OspreyServer(params string[] settings) : this(null, settings)
    {
    }

    /// <summary>Serves from <paramref name="dataDirectory"/> (kept when stopped), or from a fresh temporary one when null.</summary>
    public OspreyServer(string? dataDirectory, params string[] settings)
    {
        _ownsDataDirectory = dataDirectory == null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("osprey-test-").FullName;
        Port = FreePort();
        string[] args = [$"--Dicom:BindAddress=127.0.0.1", $"--Dicom:TcpPort={Port}", .. settings];
        _run = Task.Run(() => ServeCommand.RunAsync(DataDirectory, args, TextWriter.Synchronized(_stdout), TextWriter.Synchronized(_stderr), _stop.Token));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Output.Contains("listening for DICOM"))
        {
            if (_run.IsCompleted) throw new InvalidOperationException($"osprey serve exited with {_run.Result}: {_stderr}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("osprey serve did not start listening");
            Thread.Sleep(20);
        }
    }

    public int Port { get; }
    public string DataDirectory { get; }
    public string Output => _stdout.ToString();
    public string Errors => _stderr.ToString();

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
