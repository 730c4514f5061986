using System.Net.Security;
using System.Security.Authentication;

namespace Osprey.Network.Security;

/// <summary>
/// The protocol versions and cipher suites of the Non-Downgrading BCP 195 TLS Secure Transport
/// Connection Profile (PS3.15 Annex B): TLS 1.2 and 1.3 only (RFC 8996 deprecates 1.0 and 1.1), the
/// AEAD suites with forward secrecy that RFC 9325 §4.2 recommends for TLS 1.2, the TLS 1.3 suites,
/// and no renegotiation. Both ends of an association use it: the TLS port and every outbound TLS
/// connection.
/// </summary>
public static class TlsProfile
{
    /// <summary>TLS 1.2 and TLS 1.3; nothing older is ever negotiated.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>The cipher suites offered and accepted, strongest first.</summary>
    public static IReadOnlyList<TlsCipherSuite> CipherSuites { get; } =
    [
        // TLS 1.3 (RFC 8446 §9.1)
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        // TLS 1.2 (RFC 9325 §4.2)
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
    ];

    /// <summary>
    /// The cipher suite policy for SslStream where the platform lets us set one (Linux, macOS: OpenSSL);
    /// elsewhere null, and the system's TLS 1.2/1.3 defaults apply.
    /// </summary>
    public static CipherSuitesPolicy? CipherSuitesPolicy { get; } =
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? new CipherSuitesPolicy(CipherSuites) : null;
}
