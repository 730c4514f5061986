using System.Globalization;
using System.Text.Json;

namespace Osprey.Server.Settings;

/// <summary>
/// What "Save and Restart" changed: the keys whose values differ between two settings, as
/// configuration paths (<c>Dicom:TcpPort</c>, <c>Devices:0:Port</c>), secrets hidden. A change of
/// <c>Index:Provider</c> or <c>Web:*</c> needs the process to restart (the DICOM listeners do not hold them).
/// </summary>
public static class SettingsChanges
{
    /// <summary>One changed key; <see cref="Before"/>/<see cref="After"/> are null when the key is absent on that side.</summary>
    public sealed record Change(string Key, string? Before, string? After, bool NeedsProcessRestart);

    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/>, in the file's key order.</summary>
    public static IReadOnlyList<Change> Between(OspreySettings before, OspreySettings after)
    {
        var a = Flatten(before);
        var b = Flatten(after);
        var keys = b.Keys.Concat(a.Keys.Where(k => !b.ContainsKey(k))).ToList();
        var changes = new List<Change>();
        foreach (var key in keys)
        {
            a.TryGetValue(key, out var x);
            b.TryGetValue(key, out var y);
            if (x == y)
                continue;
            if (IsSecret(key))
                (x, y) = (x is null ? null : "(hidden)", y is null ? null : "(hidden, changed)");
            changes.Add(new Change(key, x, y, NeedsProcessRestart(key)));
        }
        return changes;
    }

    /// <summary>Whether a change of <paramref name="key"/> takes effect only at the next start of the process.</summary>
    public static bool NeedsProcessRestart(string key) =>
        key.StartsWith("Web:", StringComparison.OrdinalIgnoreCase) || key.Equals("Index:Provider", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether <paramref name="key"/> holds a secret that is never shown or returned:
    /// <c>Dicom:Tls:CertificatePassword</c>, <c>Dicom:Users:n:PasswordHash</c>, <c>Web:ApiTokens</c>.
    /// </summary>
    public static bool IsSecret(string key)
    {
        var parts = key.Split(':');
        return key.Equals("Dicom:Tls:CertificatePassword", StringComparison.OrdinalIgnoreCase)
            || (parts.Length >= 2 && parts[0].Equals("Web", StringComparison.OrdinalIgnoreCase) && parts[1].Equals("ApiTokens", StringComparison.OrdinalIgnoreCase))
            || (parts.Length == 4 && parts[0].Equals("Dicom", StringComparison.OrdinalIgnoreCase) && parts[1].Equals("Users", StringComparison.OrdinalIgnoreCase)
                && parts[3].Equals("PasswordHash", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The settings as configuration keys and their values, as <c>settings.json</c> would hold them.</summary>
    public static Dictionary<string, string?> Flatten(OspreySettings settings)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using var doc = JsonDocument.Parse(SettingsLoader.ToJson(settings));
        Walk(doc.RootElement, "", result);
        return result;
    }

    private static void Walk(JsonElement e, string path, Dictionary<string, string?> result)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                    Walk(p.Value, path.Length == 0 ? p.Name : path + ":" + p.Name, result);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in e.EnumerateArray())
                    Walk(item, path + ":" + (i++).ToString(CultureInfo.InvariantCulture), result);
                break;
            case JsonValueKind.String:
                result[path] = e.GetString();
                break;
            case JsonValueKind.Null:
                break;
            default:
                result[path] = e.GetRawText();
                break;
        }
    }
}
