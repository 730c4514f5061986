using System.Security.Cryptography;
using System.Text.Json;
using Osprey.Server.Security;
using Osprey.Server.Settings;

namespace Osprey.Server.Web.Security;

/// <summary>
/// The users of the web page, in <c>&lt;data&gt;/web-users.json</c> (mode 0600; passwords as salted
/// PBKDF2 hashes, <see cref="PasswordHash"/>). It is kept apart from <c>settings.json</c>, which the
/// settings page rewrites and an administrator may share. On first start there is one user,
/// <c>admin</c>, with a random password written to <c>&lt;data&gt;/initial-password</c> (mode 0600) and to
/// the log; its first login must choose a new one.
/// </summary>
public sealed class WebUserStore
{
    public const string FileName = "web-users.json";
    public const string InitialPasswordFileName = "initial-password";
    public const string InitialUser = "admin";

    /// <summary>The shortest new password accepted.</summary>
    public const int MinimumPasswordLength = 10;

    public sealed class WebUser
    {
        public string Name { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public bool MustChangePassword { get; set; }
    }

    private sealed class UsersFile
    {
        public List<WebUser> Users { get; set; } = [];
    }

    private readonly string _path;
    private readonly Lock _lock = new();
    private UsersFile _file;

    private WebUserStore(string path, UsersFile file)
    {
        _path = path;
        _file = file;
    }

    /// <summary>
    /// Opens the store of <paramref name="dataDirectory"/>; when it does not exist yet, creates it with
    /// user <c>admin</c> and a random password, and returns that password (else null).
    /// </summary>
    public static (WebUserStore Store, string? InitialPassword) Open(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            var file = JsonSerializer.Deserialize<UsersFile>(File.ReadAllText(path)) ?? new UsersFile();
            return (new WebUserStore(path, file), null);
        }
        var password = RandomPassword();
        var created = new UsersFile { Users = [new WebUser { Name = InitialUser, PasswordHash = PasswordHash.Create(password), MustChangePassword = true }] };
        AtomicFile.Write(Path.Combine(dataDirectory, InitialPasswordFileName), password + "\n", overwrite: true);
        AtomicFile.Write(path, JsonSerializer.Serialize(created, new JsonSerializerOptions { WriteIndented = true }), overwrite: true);
        return (new WebUserStore(path, created), password);
    }

    /// <summary>The user named <paramref name="name"/> when <paramref name="password"/> is theirs.</summary>
    public WebUser? Verify(string name, string password)
    {
        WebUser? user;
        lock (_lock) user = _file.Users.FirstOrDefault(u => u.Name == name);
        // A name that does not exist costs the same as a wrong password: timing tells nothing.
        if (user == null)
        {
            PasswordHash.Verify(password, DummyHash);
            return null;
        }
        return PasswordHash.Verify(password, user.PasswordHash) ? user : null;
    }

    public bool MustChangePassword(string name)
    {
        lock (_lock) return _file.Users.FirstOrDefault(u => u.Name == name)?.MustChangePassword ?? false;
    }

    /// <summary>Sets a new password (already checked by the caller against the old one) and clears the must-change mark.</summary>
    public void SetPassword(string name, string newPassword)
    {
        var hash = PasswordHash.Create(newPassword);
        lock (_lock)
        {
            var user = _file.Users.FirstOrDefault(u => u.Name == name) ?? throw new InvalidOperationException($"no web user '{name}'");
            user.PasswordHash = hash;
            user.MustChangePassword = false;
            AtomicFile.Write(_path, JsonSerializer.Serialize(_file, new JsonSerializerOptions { WriteIndented = true }), overwrite: true);
        }
        // The initial password is no longer valid: its file would only mislead.
        var initial = Path.Combine(Path.GetDirectoryName(_path)!, InitialPasswordFileName);
        if (name == InitialUser && File.Exists(initial)) File.Delete(initial);
    }

    /// <summary>Why <paramref name="password"/> is not acceptable as a new password, or null.</summary>
    public static string? Weakness(string? password) =>
        string.IsNullOrEmpty(password) || password.Length < MinimumPasswordLength
            ? $"must be at least {MinimumPasswordLength} characters"
            : null;

    private static readonly string DummyHash = PasswordHash.Create(RandomPassword());

    private static string RandomPassword()
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(20, 0, (span, _) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }
}
