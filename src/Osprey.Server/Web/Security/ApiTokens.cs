using System.Security.Cryptography;
using System.Text;

namespace Osprey.Server.Web.Security;

/// <summary>
/// Tokens for scripts that call the JSON API (<c>Authorization: Bearer &lt;token&gt;</c>). A token is 32
/// random bytes in base64url; the settings keep only <c>sha256:&lt;hex&gt;</c> of it (<c>Web:ApiTokens</c>).
/// A plain hash is enough here, unlike for passwords: the token has 256 bits of entropy, so it
/// cannot be guessed from its hash, and checking it costs one SHA-256 per request.
/// </summary>
public static class ApiTokens
{
    private const string Prefix = "sha256:";

    /// <summary>A new random token and the hash the settings keep of it.</summary>
    public static (string Token, string Hash) Create()
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool IsValidHash(string? text) =>
        text is { Length: 71 } && text.StartsWith(Prefix, StringComparison.Ordinal) && text.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef") == false;

    /// <summary>Whether <paramref name="token"/> is one of <paramref name="hashes"/> (compared in constant time).</summary>
    public static bool Matches(string token, IEnumerable<string> hashes)
    {
        var hash = Encoding.ASCII.GetBytes(Hash(token));
        bool found = false;
        foreach (var h in hashes)
            found |= CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(h.ToLowerInvariant()));
        return found;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
