using System.Globalization;
using System.Net;
using System.Text;

namespace Osprey.Server.Settings;

/// <summary>
/// Checks a bound <see cref="OspreySettings"/> against the rules of <c>SETTINGS.md</c>. Each problem is
/// one line: the key (as a configuration path, e.g. <c>Devices:0:Port</c>), the rule, and the value
/// found, e.g. <c>Dicom:TcpPort: must be 0 to 65535 (got 70000)</c>.
/// </summary>
public static class SettingsValidator
{
    /// <summary>The AE title rule, as it appears in messages.</summary>
    public const string AeTitleRule =
        "must be 1 to 16 characters of the DICOM default character repertoire, without backslash or control characters, not all spaces";

    /// <summary>Every problem of <paramref name="s"/>, in key order; empty when the settings are usable.</summary>
    public static IReadOnlyList<string> Validate(OspreySettings s)
    {
        var p = new List<string>();
        var d = s.Dicom;

        if (!IPAddress.TryParse(d.BindAddress, out _))
            p.Add(Line("Dicom:BindAddress", "must be an IP address, e.g. 0.0.0.0 (all IPv4) or :: (all)", d.BindAddress));
        Port(p, "Dicom:TcpPort", d.TcpPort);
        Port(p, "Dicom:TlsPort", d.TlsPort);
        if (d.TcpPort == 0 && d.TlsPort == 0)
            p.Add("Dicom:TcpPort: must not be 0 when Dicom:TlsPort is 0 too, which would leave no DICOM listener (got 0)");
        if (d.TlsPort != 0 && d.TlsPort == d.TcpPort)
            p.Add(Line("Dicom:TlsPort", "must differ from Dicom:TcpPort", d.TlsPort));
        if (d.TlsPort != 0 && string.IsNullOrWhiteSpace(d.Tls.Certificate))
            p.Add(Line("Dicom:Tls:Certificate", "must be set when Dicom:TlsPort is not 0", d.Tls.Certificate));
        AeTitle(p, "Dicom:StorageAeTitle", d.StorageAeTitle);
        if (!string.IsNullOrEmpty(d.ArchiveQueryAeTitle))
        {
            AeTitle(p, "Dicom:ArchiveQueryAeTitle", d.ArchiveQueryAeTitle);
            if (d.ArchiveQueryAeTitle.Trim() == d.StorageAeTitle?.Trim())
                p.Add(Line("Dicom:ArchiveQueryAeTitle", "must be empty (off) or differ from Dicom:StorageAeTitle", d.ArchiveQueryAeTitle));
        }
        TransferSyntax(p, "Dicom:PreferredTransferSyntax", d.PreferredTransferSyntax);
        PduSize(p, "Dicom:MaxPduSize", d.MaxPduSize);
        NotNegative(p, "Dicom:Timeouts:SendSeconds", d.Timeouts.SendSeconds, "(0: no timeout)");
        NotNegative(p, "Dicom:Timeouts:ReceiveSeconds", d.Timeouts.ReceiveSeconds, "(0: no timeout)");
        NotNegative(p, "Dicom:Timeouts:ConnectionSeconds", d.Timeouts.ConnectionSeconds, "(0: no timeout)");
        NotNegative(p, "Dicom:Timeouts:WaitSeconds", d.Timeouts.WaitSeconds, "(0: no timeout)");
        Storescu(p, "Dicom:StorescuFlags", d.StorescuFlags);
        NotNegative(p, "Dicom:QueryRetrieveLimit", d.QueryRetrieveLimit, "(0: no limit)");
        if (d.MaxAssociations < 1)
            p.Add(Line("Dicom:MaxAssociations", "must be at least 1", d.MaxAssociations));
        if (d.Tls.RequireClientCertificate && string.IsNullOrWhiteSpace(d.Tls.TrustedCertificates))
            p.Add(Line("Dicom:Tls:TrustedCertificates", "must name the certificates trusted to sign client certificates when Dicom:Tls:RequireClientCertificate is on", d.Tls.TrustedCertificates));
        if (!AccessControlModes.All.Contains(d.AccessControl?.Trim() ?? "", StringComparer.OrdinalIgnoreCase))
            p.Add(Line("Dicom:AccessControl", "must be one of " + string.Join(", ", AccessControlModes.All), d.AccessControl));
        Users(p, d);

        if (!StorageSettings.DuplicatePolicies.Contains(s.Storage.DuplicatePolicy))
            p.Add(Line("Storage:DuplicatePolicy", "must be one of " + string.Join(", ", StorageSettings.DuplicatePolicies), s.Storage.DuplicatePolicy));
        if (!IndexSettings.Providers.Contains(s.Index.Provider))
            p.Add(Line("Index:Provider", "must be one of " + string.Join(", ", IndexSettings.Providers), s.Index.Provider));

        Port(p, "Web:Port", s.Web.Port);
        if (!IPAddress.TryParse(s.Web.BindAddress, out _))
            p.Add(Line("Web:BindAddress", "must be an IP address, e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (all IPv4)", s.Web.BindAddress));
        if (s.Web.Port != 0 && s.Web.Https && string.IsNullOrWhiteSpace(d.Tls.Certificate))
            p.Add(Line("Web:Https", "must be false unless Dicom:Tls:Certificate is set (the page uses the TLS port's certificate)", "true"));
        if (s.Web.Port != 0 && (s.Web.Port == d.TcpPort || s.Web.Port == d.TlsPort))
            p.Add(Line("Web:Port", "must differ from Dicom:TcpPort and Dicom:TlsPort", s.Web.Port));
        var tokens = s.Web.ApiTokens ?? [];
        for (var i = 0; i < tokens.Count; i++)
            if (!Osprey.Server.Web.Security.ApiTokens.IsValidHash(tokens[i]))
                p.Add(Line($"Web:ApiTokens:{i}", "must be sha256:<64 hex digits>, as printed by `osprey api-token`", "(hidden)"));

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < s.Devices.Count; i++)
        {
            var dev = s.Devices[i];
            var key = $"Devices:{i}";
            if (dev is null)
            {
                p.Add($"{key}: must be a device with AeTitle, Host and Port");
                continue;
            }
            if (AeTitle(p, key + ":AeTitle", dev.AeTitle))
            {
                var ae = dev.AeTitle.Trim();
                if (seen.TryGetValue(ae, out var first))
                    p.Add(Line(key + ":AeTitle", $"must be unique among devices (Devices:{first}:AeTitle has it too)", dev.AeTitle));
                else
                    seen[ae] = i;
            }
            if (string.IsNullOrWhiteSpace(dev.Host))
                p.Add(Line(key + ":Host", "must be a host name or IP address", dev.Host));
            if (dev.Port is < 1 or > 65535)
                p.Add(Line(key + ":Port", "must be 1 to 65535", dev.Port));
            var services = dev.AllowedServices ?? [];
            for (var j = 0; j < services.Count; j++)
            {
                if (!DeviceServices.All.Contains(services[j]?.Trim() ?? "", StringComparer.OrdinalIgnoreCase))
                    p.Add(Line($"{key}:AllowedServices:{j}", "must be one of " + string.Join(", ", DeviceServices.All) + " (an empty list allows all)", services[j]));
            }
            if (!string.IsNullOrWhiteSpace(dev.TlsPrivateKey) && string.IsNullOrWhiteSpace(dev.TlsCertificate))
                p.Add(Line(key + ":TlsPrivateKey", "must be empty unless " + key + ":TlsCertificate names the certificate it is the key of", dev.TlsPrivateKey));
            Overrides(p, key + ":Overrides", dev.Overrides ?? new());
        }
        return p;
    }

    private static void Users(List<string> p, DicomSettings d)
    {
        var users = d.Users ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < users.Count; i++)
        {
            var key = $"Dicom:Users:{i}";
            if (users[i] is not { } user)
            {
                p.Add($"{key}: must be a user with Username and PasswordHash");
                continue;
            }
            if (string.IsNullOrEmpty(user.Username))
                p.Add(Line(key + ":Username", "must not be empty", user.Username));
            else if (!names.Add(user.Username))
                p.Add(Line(key + ":Username", "must be unique among users", user.Username));
            if (!string.IsNullOrEmpty(user.PasswordHash) && !Security.PasswordHash.IsValid(user.PasswordHash))
                p.Add(Line(key + ":PasswordHash", "must be empty (user name only) or a hash printed by `osprey hash-password`", "(hidden)"));
        }
        if (d.RequireUserIdentity && users.Count == 0)
            p.Add("Dicom:RequireUserIdentity: must be false while Dicom:Users is empty (got true)");
    }

    /// <summary>Validates and throws <see cref="SettingsException"/> (first problem as message) when there is a problem.</summary>
    public static void ThrowIfInvalid(OspreySettings s)
    {
        var problems = Validate(s);
        if (problems.Count > 0)
            throw new SettingsException(problems);
    }

    /// <summary>
    /// Whether <paramref name="aeTitle"/> is a valid AE title: 1 to 16 characters of the default
    /// repertoire (printable ASCII 0x20–0x7E), no backslash, not all spaces.
    /// </summary>
    public static bool IsValidAeTitle(string? aeTitle) =>
        aeTitle is { Length: >= 1 and <= 16 }
        && aeTitle.All(c => c is >= ' ' and <= '~' and not '\\')
        && aeTitle.Any(c => c != ' ');

    /// <summary>Whether <paramref name="size"/> is one of <see cref="DicomSettings.AllowedMaxPduSizes"/>.</summary>
    public static bool IsAllowedMaxPduSize(int size) => DicomSettings.AllowedMaxPduSizes.Contains(size);

    private static void Overrides(List<string> p, string key, DeviceOverrides o)
    {
        if (o.PreferredTransferSyntax is not null)
            TransferSyntax(p, key + ":PreferredTransferSyntax", o.PreferredTransferSyntax);
        if (o.MaxPduSize is { } pdu)
            PduSize(p, key + ":MaxPduSize", pdu);
        var t = o.Timeouts ?? new();
        if (t.SendSeconds is { } send) NotNegative(p, key + ":Timeouts:SendSeconds", send, "(0: no timeout)");
        if (t.ReceiveSeconds is { } receive) NotNegative(p, key + ":Timeouts:ReceiveSeconds", receive, "(0: no timeout)");
        if (t.ConnectionSeconds is { } connection) NotNegative(p, key + ":Timeouts:ConnectionSeconds", connection, "(0: no timeout)");
        if (t.WaitSeconds is { } wait) NotNegative(p, key + ":Timeouts:WaitSeconds", wait, "(0: no timeout)");
        if (o.StorescuFlags is not null)
            Storescu(p, key + ":StorescuFlags", o.StorescuFlags);
        if (o.QueryRetrieveLimit is { } limit)
            NotNegative(p, key + ":QueryRetrieveLimit", limit, "(0: no limit)");
    }

    private static bool AeTitle(List<string> p, string key, string? value)
    {
        if (IsValidAeTitle(value))
            return true;
        p.Add(Line(key, AeTitleRule, value));
        return false;
    }

    private static void Port(List<string> p, string key, int value)
    {
        if (value is < 0 or > 65535)
            p.Add(Line(key, "must be 0 to 65535 (0: off)", value));
    }

    private static void PduSize(List<string> p, string key, int value)
    {
        if (!IsAllowedMaxPduSize(value))
            p.Add(Line(key, "must be a power of two from 4096 to 4194304 (" + string.Join(", ", DicomSettings.AllowedMaxPduSizes) + ")", value));
    }

    private static void NotNegative(List<string> p, string key, int value, string note)
    {
        if (value < 0)
            p.Add(Line(key, "must be 0 or more " + note, value));
    }

    private static void TransferSyntax(List<string> p, string key, string? value)
    {
        if (!TransferSyntaxChoices.TryFind(value, out _))
            p.Add(Line(key, "must be one of the transfer syntaxes offered, by UID or keyword ("
                + string.Join(", ", TransferSyntaxChoices.All.Select(c => c.Keyword)) + ")", value));
    }

    private static void Storescu(List<string> p, string key, string? value)
    {
        if (!StorescuFlagParser.TryParse(value, out _, out var error))
            p.Add(Line(key, "must be storescu options Osprey supports; " + error, value));
    }

    private static string Line(string key, string rule, int value) =>
        $"{key}: {rule} (got {value.ToString(CultureInfo.InvariantCulture)})";

    private static string Line(string key, string rule, string? value) =>
        $"{key}: {rule} (got {Quote(value)})";

    /// <summary>The value in double quotes, with quotes, backslashes and control characters escaped so the line stays one line.</summary>
    internal static string Quote(string? value)
    {
        if (value is null)
            return "null";
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
                sb.Append('\\').Append(c);
            else if (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
