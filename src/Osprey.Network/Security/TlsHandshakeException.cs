namespace Osprey.Network.Security;

/// <summary>
/// A TLS handshake failed (PS3.15 Annex B): <see cref="Reason"/> says why in a few words (no
/// certificate, a certificate not trusted, a name that does not match, a protocol version refused…),
/// short enough for a DIMSE Error Comment and one log line.
/// </summary>
public sealed class TlsHandshakeException(string reason, Exception? inner = null)
    : IOException($"TLS handshake failed: {reason}", inner)
{
    public string Reason { get; } = reason;
}
