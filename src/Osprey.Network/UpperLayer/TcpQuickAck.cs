using System.Net.Sockets;

namespace Osprey.Network.UpperLayer;

/// <summary>
/// TCP_QUICKACK (Linux), re-armed before each PDU read, after its header and its body arrived, and after
/// each write. A peer that leaves Nagle's algorithm on (Debian's DCMTK does, by default) holds back the
/// rest of each message until its first segment is acknowledged; with delayed ACKs that costs up to
/// 40 ms a message. Setting the option after a read also sends at once an ACK the kernel was delaying
/// for what was just read.
/// </summary>
internal static class TcpQuickAck
{
    private const int IpProtoTcp = 6;
    private const int TcpQuickAckOption = 12;
    private static readonly byte[] One = [1, 0, 0, 0];

    /// <summary>
    /// The TCP socket under a transport connection: a <see cref="NetworkStream"/>'s, or a
    /// <see cref="Security.TlsStream"/>'s (TLS is only a stream to the upper layer); null for any other stream.
    /// </summary>
    public static Socket? SocketOf(Stream connection) => connection switch
    {
        NetworkStream network => network.Socket,
        Security.TlsStream tls => tls.Socket,
        _ => null,
    };

    /// <summary>Sets TCP_QUICKACK once more; a closed socket, or one that refuses, changes nothing.</summary>
    public static void Rearm(Socket? socket)
    {
        if (socket == null || !OperatingSystem.IsLinux()) return;
        try
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpQuickAckOption, One);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
