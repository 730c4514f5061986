using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Osprey.Network.Security;

/// <summary>
/// An outbound TLS connection to a remote AE (PS3.15 Annex B, <see cref="TlsProfile"/>): the peer's
/// certificate is verified against <see cref="Trusted"/> (the system's roots when null) and, unless
/// <see cref="VerifyHostName"/> is off, must name the host we connect to; our own certificate is
/// presented when the peer asks for one.
/// </summary>
public sealed record TlsClientOptions
{
    /// <summary>Our certificate (with its key) for mutual authentication; null: none.</summary>
    public CertificateFiles.Identity? ClientCertificate { get; init; }

    /// <summary>Certificates trusted to sign the peer's; null or empty: the system's roots.</summary>
    public X509Certificate2Collection? Trusted { get; init; }

    /// <summary>Whether the peer's certificate must name the host (DNS name or IP address subjectAltName).</summary>
    public bool VerifyHostName { get; init; } = true;

    /// <summary>
    /// Runs the client side of the handshake with <paramref name="host"/>. Throws
    /// <see cref="TlsHandshakeException"/> with the reason when it fails.
    /// </summary>
    public async Task<TlsStream> AuthenticateAsync(NetworkStream connection, string host, CancellationToken token)
    {
        string? refused = null;
        var stream = new TlsStream(connection, (_, certificate, chain, errors) =>
        {
            refused = CertificateValidation.Problem(errors, chain, VerifyHostName, host);
            return refused == null;
        });
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            EnabledSslProtocols = TlsProfile.Protocols,
            CipherSuitesPolicy = TlsProfile.CipherSuitesPolicy,
            AllowRenegotiation = false,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = CertificateValidation.ChainPolicy(Trusted),
            ClientCertificateContext = ClientCertificate is { } identity
                ? SslStreamCertificateContext.Create(identity.Certificate, identity.Chain, offline: true)
                : null,
        };
        try
        {
            await stream.AuthenticateAsClientAsync(options, token);
            return stream;
        }
        catch (Exception e)
        {
            await stream.DisposeAsync();
            throw new TlsHandshakeException(refused ?? CertificateValidation.Describe(e), e);
        }
    }
}
