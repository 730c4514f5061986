namespace Osprey.Network.UpperLayer;

/// <summary>The bytes of the PDUs (header and body, PS3.8 §9.3.1) received and sent on one transport connection; read from any thread.</summary>
public sealed class TransferCounters
{
    private long _received;
    private long _sent;

    public long BytesReceived => Interlocked.Read(ref _received);

    public long BytesSent => Interlocked.Read(ref _sent);

    internal void AddReceived(long bytes) => Interlocked.Add(ref _received, bytes);

    internal void AddSent(long bytes) => Interlocked.Add(ref _sent, bytes);
}
