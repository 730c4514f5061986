using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Osprey.Network.Security;

/// <summary>
/// How a peer's certificate is judged: its chain built up to the trusted certificates of the
/// settings (or the system's store when none are given), no revocation lookups (a hospital network
/// often has no route to a CRL), and the host name checked unless turned off. The verdict comes with
/// the reason in words for the log and the Error Comment.
/// </summary>
public static class CertificateValidation
{
    /// <summary>A chain policy that trusts exactly <paramref name="trusted"/>, or the system's roots when it is null or empty.</summary>
    public static X509ChainPolicy ChainPolicy(X509Certificate2Collection? trusted)
    {
        var policy = new X509ChainPolicy { RevocationMode = X509RevocationMode.NoCheck };
        if (trusted is { Count: > 0 })
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(trusted);
        }
        return policy;
    }

    /// <summary>Null when <paramref name="errors"/> leaves nothing to refuse; otherwise why the certificate is refused.</summary>
    public static string? Problem(SslPolicyErrors errors, X509Chain? chain, bool checkName, string? expectedName)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0) return "no certificate presented";
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            var statuses = chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct().ToArray() ?? [];
            return statuses.Length == 0 ? "certificate not trusted" : $"certificate not trusted ({string.Join(", ", statuses)})";
        }
        if (checkName && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            return $"certificate is not for {expectedName}";
        return null;
    }

    /// <summary>The innermost message of a failed handshake (OpenSSL's words, e.g. "unsupported protocol").</summary>
    public static string Describe(Exception e)
    {
        if (e is OperationCanceledException) return "no handshake within the connection timer";
        var inner = e;
        while (inner.InnerException != null) inner = inner.InnerException;
        var message = inner.Message.Trim();
        if (message.Contains("unsupported protocol", StringComparison.OrdinalIgnoreCase) || message.Contains("protocol version", StringComparison.OrdinalIgnoreCase))
            return $"protocol version refused, only TLS 1.2 and 1.3 are allowed ({message})";
        return e is AuthenticationException && inner != e ? message : e.Message.Trim();
    }
}
