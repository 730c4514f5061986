using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Osprey.Interop.Tests.Support;

/// <summary>
/// DCMTK's storescp (AE title STORESCP) on a free 127.0.0.1 port with a fresh output folder, its
/// output kept for checks; stopped and cleaned up when disposed.
/// </summary>
public sealed class Storescp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private Storescp(string[] options, string aeTitle = "STORESCP")
    {
        AeTitle = aeTitle;
        Port = OspreyServer.FreePort();
        Directory = System.IO.Directory.CreateTempSubdirectory("osprey-storescp-").FullName;
        var psi = new ProcessStartInfo("storescp") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in options.Concat(["-aet", aeTitle, "-od", Directory, Port.ToString()])) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The AE title storescp answers to (STORESCP unless started with <see cref="StartAsAsync"/>).</summary>
    public string AeTitle { get; }

    /// <summary>Where storescp writes what it receives.</summary>
    public string Directory { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>Waits until storescp has logged a line containing every one of <paramref name="parts"/> and returns it; fails with the log after 10 s.</summary>
    public async Task<string> WaitForLogLineAsync(params string[] parts)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var line = Log.Split('\n').FirstOrDefault(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));
            if (line != null) return line;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"storescp logged no line with [{string.Join("], [", parts)}] within 10 s:\n{Log}");
            await Task.Delay(20);
        }
    }

    /// <summary>Starts storescp with extra <paramref name="options"/> (e.g. "+B", "-d") and waits until it accepts connections.</summary>
    public static async Task<Storescp> StartAsync(params string[] options)
    {
        var storescp = new Storescp(options);
        await WaitForPortAsync(storescp.Port);
        return storescp;
    }

    /// <summary>Starts storescp answering to AE title <paramref name="aeTitle"/>, with extra <paramref name="options"/>.</summary>
    public static async Task<Storescp> StartAsAsync(string aeTitle, params string[] options)
    {
        var storescp = new Storescp(options, aeTitle);
        await WaitForPortAsync(storescp.Port);
        return storescp;
    }

    /// <summary>Waits until something accepts TCP connections on the port.</summary>
    public static async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Peer.Stop(_process);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
