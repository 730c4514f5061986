using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Osprey.Server.Security;

/// <summary>
/// Salted password hashes for <c>Dicom:Users</c>: PBKDF2 with HMAC-SHA-256 from the BCL
/// (<see cref="Rfc2898DeriveBytes.Pbkdf2(ReadOnlySpan{char}, ReadOnlySpan{byte}, int, HashAlgorithmName, int)"/>),
/// a 16-byte random salt, written as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash in
/// base64). Comparison takes the same time whatever the bytes.
/// </summary>
public static class PasswordHash
{
    private const string Scheme = "pbkdf2-sha256";

    /// <summary>Iterations of a new hash. Each association that presents a password pays for one check (then it is remembered).</summary>
    public const int DefaultIterations = 100_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A new hash of <paramref name="password"/> with a fresh salt.</summary>
    public static string Create(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether <paramref name="text"/> is a hash this class can check.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _, out _, out _);

    /// <summary>Whether <paramref name="password"/> is the one <paramref name="hash"/> was made from (false for a malformed hash).</summary>
    public static bool Verify(string password, string hash)
    {
        if (!TryParse(hash, out var iterations, out var salt, out var expected)) return false;
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string? text, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = text?.Split('$') ?? [];
        if (parts.Length != 4 || parts[0] != Scheme) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1) return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= 8 && hash.Length >= 16;
    }
}
