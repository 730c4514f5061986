using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Osprey.Network.Security;

/// <summary>
/// The TLS port's side of the handshake (PS3.15 Annex B, <see cref="TlsProfile"/>): our certificate
/// and its chain, and, for mutual authentication, the certificates trusted to sign a client's.
/// </summary>
public sealed class TlsServerOptions
{
    private readonly SslStreamCertificateContext _certificate;

    public TlsServerOptions(CertificateFiles.Identity identity, X509Certificate2Collection? trusted, bool requireClientCertificate)
    {
        _certificate = SslStreamCertificateContext.Create(identity.Certificate, identity.Chain, offline: true);
        Trusted = trusted;
        RequireClientCertificate = requireClientCertificate;
    }

    /// <summary>Certificates trusted to sign a client's certificate (null: the system's roots).</summary>
    public X509Certificate2Collection? Trusted { get; }

    /// <summary>A client that presents no certificate, or one no trusted certificate signed, fails the handshake.</summary>
    public bool RequireClientCertificate { get; }

    /// <summary>
    /// Runs the server side of the handshake on an accepted connection. Throws
    /// <see cref="TlsHandshakeException"/> with the reason when it fails or <paramref name="token"/> ends it.
    /// </summary>
    public async Task<TlsStream> AuthenticateAsync(NetworkStream connection, CancellationToken token)
    {
        string? refused = null;
        var stream = new TlsStream(connection, (_, certificate, chain, errors) =>
        {
            if (!RequireClientCertificate) return true;
            refused = CertificateValidation.Problem(errors, chain, checkName: false, expectedName: null);
            return refused == null;
        });
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _certificate,
            EnabledSslProtocols = TlsProfile.Protocols,
            CipherSuitesPolicy = TlsProfile.CipherSuitesPolicy,
            AllowRenegotiation = false,
            ClientCertificateRequired = RequireClientCertificate,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = RequireClientCertificate ? CertificateValidation.ChainPolicy(Trusted) : null,
        };
        try
        {
            await stream.AuthenticateAsServerAsync(options, token);
            return stream;
        }
        catch (Exception e)
        {
            await stream.DisposeAsync();
            throw new TlsHandshakeException(refused != null ? $"client: {refused}" : CertificateValidation.Describe(e), e);
        }
    }
}
