using System.Net.Security;
using System.Net.Sockets;

namespace Osprey.Network.Security;

/// <summary>
/// An <see cref="SslStream"/> over one TCP connection that keeps its socket in reach, so the upper
/// layer can set the same TCP options (TCP_QUICKACK) on a TLS association as on a plain one. The
/// upper layer only sees a <see cref="Stream"/>: it does not know whether the bytes are encrypted.
/// </summary>
public sealed class TlsStream : SslStream
{
    public TlsStream(NetworkStream inner, RemoteCertificateValidationCallback validation)
        : base(inner, leaveInnerStreamOpen: false, validation)
    {
        Socket = inner.Socket;
    }

    /// <summary>The TCP connection under the TLS session.</summary>
    public Socket Socket { get; }
}
