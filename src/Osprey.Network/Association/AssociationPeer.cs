using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Osprey.Network.Association;

/// <summary>
/// What the transport knows of the peer of an accepted connection before its A-ASSOCIATE-RQ is read:
/// its address, the TLS session when the connection is TLS (PS3.15 Annex B; e.g.
/// <c>Tls13 TLS_AES_128_GCM_SHA256</c>, null for plain TCP), and the certificate it presented.
/// </summary>
public sealed record AssociationPeer(IPEndPoint? RemoteEndPoint, string? Tls = null, X509Certificate2? ClientCertificate = null)
{
    /// <summary>The remote address and port as text, for logs.</summary>
    public string Address => RemoteEndPoint?.ToString() ?? "?";

    /// <summary>The remote IP address (IPv4-mapped IPv6 as IPv4), or null when unknown.</summary>
    public IPAddress? IpAddress => RemoteEndPoint?.Address is { } a ? (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a) : null;
}
