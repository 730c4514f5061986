using System.Diagnostics;

namespace Osprey.Interop.Tests.Support;

/// <summary>
/// DCMTK's dcmqrscp (an image archive with Query/Retrieve) on a free 127.0.0.1 port, answering one AE
/// title whose storage is a directory; the control peer that tests compare Osprey's behaviour with.
/// </summary>
public sealed class Dcmqrscp : IAsyncDisposable
{
    private readonly Process _process;

    private Dcmqrscp(string aeTitle, string storage)
    {
        AeTitle = aeTitle;
        Directory.CreateDirectory(storage);
        Port = OspreyServer.FreePort();
        var config = Path.Combine(storage, "dcmqrscp.cfg");
        File.WriteAllText(config, $"""
            NetworkTCPPort = {Port}
            MaxPDUSize = 16384
            MaxAssociations = 16
            HostTable BEGIN
            HostTable END
            VendorTable BEGIN
            VendorTable END
            AETable BEGIN
            {aeTitle} {storage} RW (200, 1024mb) ANY
            AETable END
            """);
        _process = Peer.Start("dcmqrscp", "-c", config);
    }

    public string AeTitle { get; }

    public int Port { get; }

    /// <summary>Starts dcmqrscp as <paramref name="aeTitle"/>, storing into <paramref name="storage"/>, and waits until it listens.</summary>
    public static async Task<Dcmqrscp> StartAsync(string aeTitle, string storage)
    {
        var dcmqrscp = new Dcmqrscp(aeTitle, storage);
        try
        {
            await Storescp.WaitForPortAsync(dcmqrscp.Port);
        }
        catch
        {
            await dcmqrscp.DisposeAsync();
            throw;
        }
        return dcmqrscp;
    }

    public ValueTask DisposeAsync()
    {
        Peer.Stop(_process);
        return ValueTask.CompletedTask;
    }
}
