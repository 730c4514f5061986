using System.Globalization;
using Osprey.Server.Settings;

namespace Osprey.Server.Web.Pages.Devices;

/// <summary>The device fields of the edit form (<see cref="RemoteDevice"/>); numbers as typed, so a bad one is reported beside its field.</summary>
public sealed class DeviceInput
{
    public string AeTitle { get; set; } = "";
    public string Host { get; set; } = "";
    public string Port { get; set; } = "";
    public bool Tls { get; set; }
    public List<string> AllowedServices { get; set; } = [];

    public static DeviceInput From(RemoteDevice d) => new()
    {
        AeTitle = d.AeTitle,
        Host = d.Host,
        Port = d.Port == 0 ? "" : d.Port.ToString(CultureInfo.InvariantCulture),
        Tls = d.Tls,
        AllowedServices = [.. d.AllowedServices],
    };

    /// <summary>Writes the fields into <paramref name="d"/> (its TLS certificate settings are kept); problems get keys under <paramref name="key"/> (<c>Devices:N</c>).</summary>
    public void ApplyTo(RemoteDevice d, string key, List<string> problems)
    {
        d.AeTitle = (AeTitle ?? "").Trim();
        d.Host = (Host ?? "").Trim();
        d.Port = DeviceForm.Int(Port, key + ":Port", problems) ?? 0;
        d.Tls = Tls;
        d.AllowedServices = [.. (AllowedServices ?? []).Where(s => !string.IsNullOrWhiteSpace(s))];
    }
}

/// <summary>The per-device overrides of the edit form (<see cref="DeviceOverrides"/>): empty is "use the server's value"; yes/no ones are "", "true" or "false".</summary>
public sealed class OverrideInput
{
    public string? PreferredTransferSyntax { get; set; }
    public string? MaxPduSize { get; set; }
    public string? SendSeconds { get; set; }
    public string? ReceiveSeconds { get; set; }
    public string? ConnectionSeconds { get; set; }
    public string? WaitSeconds { get; set; }
    public string? StorescuFlags { get; set; }
    public string? CaseSensitiveQueries { get; set; }
    public string? EmptyMatching { get; set; }
    public string? QueryRetrieveLimit { get; set; }
    public string? RemovePrivateTags { get; set; }
    public string? SendUpdates { get; set; }
    public string? AssociationHeartbeat { get; set; }

    public static OverrideInput From(DeviceOverrides o) => new()
    {
        PreferredTransferSyntax = o.PreferredTransferSyntax,
        MaxPduSize = Text(o.MaxPduSize),
        SendSeconds = Text(o.Timeouts?.SendSeconds),
        ReceiveSeconds = Text(o.Timeouts?.ReceiveSeconds),
        ConnectionSeconds = Text(o.Timeouts?.ConnectionSeconds),
        WaitSeconds = Text(o.Timeouts?.WaitSeconds),
        StorescuFlags = o.StorescuFlags,
        CaseSensitiveQueries = Text(o.CaseSensitiveQueries),
        EmptyMatching = Text(o.EmptyMatching),
        QueryRetrieveLimit = Text(o.QueryRetrieveLimit),
        RemovePrivateTags = Text(o.RemovePrivateTags),
        SendUpdates = Text(o.SendUpdates),
        AssociationHeartbeat = Text(o.AssociationHeartbeat),
    };

    /// <summary>The text of the field named <paramref name="name"/> (a property of this class).</summary>
    public string? this[string name] => name switch
    {
        nameof(PreferredTransferSyntax) => PreferredTransferSyntax,
        nameof(MaxPduSize) => MaxPduSize,
        nameof(SendSeconds) => SendSeconds,
        nameof(ReceiveSeconds) => ReceiveSeconds,
        nameof(ConnectionSeconds) => ConnectionSeconds,
        nameof(WaitSeconds) => WaitSeconds,
        nameof(StorescuFlags) => StorescuFlags,
        nameof(CaseSensitiveQueries) => CaseSensitiveQueries,
        nameof(EmptyMatching) => EmptyMatching,
        nameof(QueryRetrieveLimit) => QueryRetrieveLimit,
        nameof(RemovePrivateTags) => RemovePrivateTags,
        nameof(SendUpdates) => SendUpdates,
        nameof(AssociationHeartbeat) => AssociationHeartbeat,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not an override field"),
    };

    /// <summary>The overrides the fields give; problems get keys under <paramref name="key"/> (<c>Devices:N:Overrides</c>).</summary>
    public DeviceOverrides ToOverrides(string key, List<string> problems) => new()
    {
        PreferredTransferSyntax = Empty(PreferredTransferSyntax) ? null : PreferredTransferSyntax!.Trim(),
        MaxPduSize = DeviceForm.Int(MaxPduSize, key + ":MaxPduSize", problems),
        Timeouts = new()
        {
            SendSeconds = DeviceForm.Int(SendSeconds, key + ":Timeouts:SendSeconds", problems),
            ReceiveSeconds = DeviceForm.Int(ReceiveSeconds, key + ":Timeouts:ReceiveSeconds", problems),
            ConnectionSeconds = DeviceForm.Int(ConnectionSeconds, key + ":Timeouts:ConnectionSeconds", problems),
            WaitSeconds = DeviceForm.Int(WaitSeconds, key + ":Timeouts:WaitSeconds", problems),
        },
        StorescuFlags = Empty(StorescuFlags) ? null : StorescuFlags!.Trim(),
        CaseSensitiveQueries = Bool(CaseSensitiveQueries),
        EmptyMatching = Bool(EmptyMatching),
        QueryRetrieveLimit = DeviceForm.Int(QueryRetrieveLimit, key + ":QueryRetrieveLimit", problems),
        RemovePrivateTags = Bool(RemovePrivateTags),
        SendUpdates = Bool(SendUpdates),
        AssociationHeartbeat = Bool(AssociationHeartbeat),
    };

    private static bool Empty(string? s) => string.IsNullOrWhiteSpace(s);
    private static bool? Bool(string? s) => bool.TryParse(s?.Trim(), out var b) ? b : null;
    private static string? Text(int? v) => v?.ToString(CultureInfo.InvariantCulture);
    private static string? Text(bool? v) => v is { } b ? (b ? "true" : "false") : null;
}

/// <summary>Helpers of the edit form: parsing, the server values shown as placeholders, and problems placed beside their fields.</summary>
public static class DeviceForm
{
    /// <summary>An integer field: null when empty; a problem under <paramref name="key"/> when not a number.</summary>
    public static int? Int(string? text, string key, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
        problems.Add($"{key}: must be a whole number (got {SettingsValidator.Quote(text)})");
        return null;
    }

    /// <summary>
    /// The input id a problem of device <paramref name="index"/> belongs to (<c>Devices:N:Port</c> →
    /// <c>Device_Port</c>, <c>Devices:N:Overrides:Timeouts:SendSeconds</c> → <c>Override_SendSeconds</c>),
    /// or null for a problem shown above the form.
    /// </summary>
    public static string? FieldOf(string problem, int index)
    {
        var prefix = $"Devices:{index}:";
        var key = DeviceChanges.KeyOf(problem);
        if (index < 0 || !key.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = key[prefix.Length..].Split(':');
        return rest[0] switch
        {
            "AeTitle" or "Host" or "Port" or "Tls" or "AllowedServices" => "Device_" + rest[0],
            "Overrides" when rest.Length >= 2 => "Override_" + rest[^1],
            _ => null,
        };
    }

    /// <summary>The problems grouped by input id (<see cref="FieldOf"/>); those of no field under "".</summary>
    public static Dictionary<string, List<string>> ByField(IEnumerable<string> problems, int index)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var p in problems)
        {
            var field = FieldOf(p, index);
            var text = field == null ? p : DeviceChanges.RuleOf(p);
            if (!result.TryGetValue(field ?? "", out var list)) result[field ?? ""] = list = [];
            list.Add(text);
        }
        return result;
    }

    /// <summary>The server's value of each override (input name after <c>Override_</c>), shown as the placeholder of an empty field.</summary>
    public static Dictionary<string, string> ServerValues(DicomSettings d) => new(StringComparer.Ordinal)
    {
        ["PreferredTransferSyntax"] = TransferSyntaxChoices.TryFind(d.PreferredTransferSyntax, out var ts) ? ts.Name : d.PreferredTransferSyntax,
        ["MaxPduSize"] = d.MaxPduSize.ToString(CultureInfo.InvariantCulture),
        ["SendSeconds"] = d.Timeouts.SendSeconds.ToString(CultureInfo.InvariantCulture),
        ["ReceiveSeconds"] = d.Timeouts.ReceiveSeconds.ToString(CultureInfo.InvariantCulture),
        ["ConnectionSeconds"] = d.Timeouts.ConnectionSeconds.ToString(CultureInfo.InvariantCulture),
        ["WaitSeconds"] = d.Timeouts.WaitSeconds.ToString(CultureInfo.InvariantCulture),
        ["StorescuFlags"] = d.StorescuFlags is { Length: > 0 } f ? f : "(none)",
        ["CaseSensitiveQueries"] = OnOff(d.CaseSensitiveQueries),
        ["EmptyMatching"] = OnOff(d.EmptyMatching),
        ["QueryRetrieveLimit"] = d.QueryRetrieveLimit.ToString(CultureInfo.InvariantCulture),
        ["RemovePrivateTags"] = OnOff(d.RemovePrivateTags),
        ["SendUpdates"] = OnOff(d.SendUpdates),
        ["AssociationHeartbeat"] = OnOff(d.AssociationHeartbeat),
    };

    /// <summary>A short list of the overrides a device sets, e.g. <c>Query/Retrieve limit 2, case-sensitive on</c>; empty when none.</summary>
    public static string Summary(DeviceOverrides? o)
    {
        if (o == null) return "";
        var parts = new List<string>();
        if (o.PreferredTransferSyntax is { } ts) parts.Add("transfer syntax " + (TransferSyntaxChoices.TryFind(ts, out var c) ? c.Keyword : ts));
        if (o.MaxPduSize is { } pdu) parts.Add($"PDU {pdu}");
        var t = o.Timeouts ?? new();
        if (t.SendSeconds is { } s) parts.Add($"send {s} s");
        if (t.ReceiveSeconds is { } r) parts.Add($"receive {r} s");
        if (t.ConnectionSeconds is { } cn) parts.Add($"connection {cn} s");
        if (t.WaitSeconds is { } w) parts.Add($"wait {w} s");
        if (o.StorescuFlags is { } f) parts.Add($"storescu \"{f}\"");
        if (o.CaseSensitiveQueries is { } cs) parts.Add("case-sensitive " + OnOff(cs));
        if (o.EmptyMatching is { } em) parts.Add("empty matching " + OnOff(em));
        if (o.QueryRetrieveLimit is { } l) parts.Add($"Query/Retrieve limit {l}");
        if (o.RemovePrivateTags is { } rp) parts.Add("remove private tags " + OnOff(rp));
        if (o.SendUpdates is { } su) parts.Add("send updates " + OnOff(su));
        if (o.AssociationHeartbeat is { } hb) parts.Add("heartbeat " + OnOff(hb));
        return string.Join(", ", parts);
    }

    private static string OnOff(bool b) => b ? "on" : "off";
}
