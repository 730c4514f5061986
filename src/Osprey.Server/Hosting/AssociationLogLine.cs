using System.Globalization;
using Osprey.Network.Association;
using Osprey.Network.Dimse;

namespace Osprey.Server.Hosting;

/// <summary>
/// The one log line per association, as key=value pairs a log search can use: peer, calling and
/// called AE title, the number of presentation contexts accepted (the SOP classes themselves are
/// logged at debug level: a storescu proposes sixty of them), the requests by kind, the duration
/// and how it ended. A rejected association says why instead.
/// </summary>
public static class AssociationLogLine
{
    public static string Format(AssociationSummary s)
    {
        var who = $"peer={s.RemoteAddress}{(s.Tls != null ? $" tls=\"{s.Tls}\"" : "")} calling=\"{s.CallingAeTitle}\" called=\"{s.CalledAeTitle}\"";
        if (s.Rejection != null)
            return $"association rejected {who} reason=\"{s.Rejection}\"";
        var requests = string.Join(",", s.Requests.Select(r => $"{Name(r.Key)}={r.Value.ToString(CultureInfo.InvariantCulture)}"));
        return $"association {who}{(s.User != null ? $" user=\"{s.User}\"" : "")} contexts={s.AcceptedAbstractSyntaxes.Count} " +
               $"requests=\"{requests}\" duration_ms={s.Duration.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} outcome=\"{s.Outcome}\"";
    }

    /// <summary>A request's name as PS3.7 writes it: <c>CStoreRq</c> → <c>C-STORE</c>.</summary>
    public static string Name(DimseCommandField field)
    {
        var name = field.ToString();
        if (name.EndsWith("Rq", StringComparison.Ordinal)) name = name[..^2];
        return name.Length > 1 ? $"{name[0]}-{name[1..].ToUpperInvariant()}" : name;
    }
}
