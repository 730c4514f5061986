using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Osprey.Network.Pdu;
using Osprey.Server.Settings;

namespace Osprey.Server.Security;

/// <summary>
/// Checks the User Identity of an A-ASSOCIATE-RQ (PS3.7 §D.3.3.7) against <c>Dicom:Users</c>:
/// a user name alone (type 1) for a user without a password, a user name and passcode (type 2)
/// against the user's salted hash. Kerberos, SAML and JWT identities (types 3–5) are not accepted.
/// A password that was verified once is remembered (as a SHA-256 of user, salt and password, never
/// the password) so that a device opening many associations pays for the slow hash once.
/// </summary>
public sealed class UserAuthenticator
{
    private readonly Dictionary<string, DicomUser> _users;
    private readonly ConcurrentDictionary<string, byte> _verified = new();

    public UserAuthenticator(IEnumerable<DicomUser> users, bool required)
    {
        _users = users.ToDictionary(u => u.Username, StringComparer.Ordinal);
        Required = required;
    }

    /// <summary>Whether an association must present an accepted identity.</summary>
    public bool Required { get; }

    /// <summary>Whether identities are checked at all (some user is configured).</summary>
    public bool Enabled => _users.Count > 0;

    /// <summary>The accepted user's name, or null and why not.</summary>
    public (string? User, string? Refusal) Check(UserIdentityRq? identity)
    {
        if (identity == null)
            return (null, Required ? "no user identity presented, and Dicom:RequireUserIdentity is on" : null);
        if (!Enabled)
            return (null, null); // nobody to check against: the identity is ignored (PS3.7 §D.3.3.7 lets an acceptor do so)
        var name = Encoding.UTF8.GetString(identity.PrimaryField);
        switch (identity.Type)
        {
            case UserIdentityType.Username:
                if (_users.TryGetValue(name, out var plain) && plain.PasswordHash.Length == 0) return (name, null);
                return (null, _users.ContainsKey(name) ? $"user '{name}' must give a password" : $"unknown user '{name}'");
            case UserIdentityType.UsernameAndPasscode:
                if (!_users.TryGetValue(name, out var user)) return (null, $"unknown user '{name}'");
                if (user.PasswordHash.Length == 0) return (name, null);
                var password = Encoding.UTF8.GetString(identity.SecondaryField);
                var key = CacheKey(user, password);
                if (_verified.ContainsKey(key) || PasswordHash.Verify(password, user.PasswordHash))
                {
                    _verified.TryAdd(key, 0);
                    return (name, null);
                }
                return (null, $"wrong password for user '{name}'");
            default:
                return (null, $"user identity type {identity.Type} (Kerberos, SAML or JWT) is not supported");
        }
    }

    private static string CacheKey(DicomUser user, string password) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.Username}\0{user.PasswordHash}\0{password}")));
}
