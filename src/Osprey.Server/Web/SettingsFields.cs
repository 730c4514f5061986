using System.Globalization;
using Osprey.Server.Settings;

namespace Osprey.Server.Web;

/// <summary>
/// The rows of the settings page: the settings of "DICOM server settings" in the page's order, each
/// with its key, the page's name and description, and how its value is shown and read back; then the
/// TLS files (SETTINGS.md, beyond the page). An input's id is its key with ':' replaced by '_'.
/// </summary>
public static class SettingsFields
{
    /// <summary>How a row is edited.</summary>
    public enum Kind { ReadOnly, Number, Text, TransferSyntax, PduSize, Check }

    /// <summary>One row: <see cref="Set"/> returns a problem line ("Key: rule (got …)") when the text is not a value of the kind.</summary>
    public sealed record Field(string Key, string Name, string Help, Kind Kind, Func<OspreySettings, string> Get, Func<OspreySettings, string, string?> Set)
    {
        public string Id => Key.Replace(':', '_');
    }

    private const string Timers = "The timers tell the server how many seconds to wait for an action to complete. ";

    /// <summary>The rows of the page itself, in its order.</summary>
    public static IReadOnlyList<Field> Page { get; } =
    [
        new("Dicom:BindAddress", "IP address", "Server's IP address. Not configurable here.", Kind.ReadOnly, s => s.Dicom.BindAddress, (_, _) => null),
        Number("Dicom:TcpPort", "TCP port", "Port number for non-secure DICOM communications over TCP. To disable (non-secure) TCP connections, set the port number to zero.",
            s => s.Dicom.TcpPort, (s, v) => s.Dicom.TcpPort = v),
        Number("Dicom:TlsPort", "TLS port", "Port number of secure DICOM communications over TLS. TLS connections support the DICOM security enhancements protocol. To disable TLS connections, set the port number to zero.",
            s => s.Dicom.TlsPort, (s, v) => s.Dicom.TlsPort = v),
        Text("Dicom:StorageAeTitle", "Storage AE Title", "A server has two AE titles. The Storage AE title identifies the entity that receives DICOM storage objects, echo requests, and most query and retrieve requests.",
            s => s.Dicom.StorageAeTitle, (s, v) => s.Dicom.StorageAeTitle = v),
        Text("Dicom:ArchiveQueryAeTitle", "Archive Query AE Title", "For queries of the archive, use the Archive Query AE title: if a second AE title is needed so a remote AE can both send to and query the server, the Archive Query AE Title can be used. Empty: off.",
            s => s.Dicom.ArchiveQueryAeTitle, (s, v) => s.Dicom.ArchiveQueryAeTitle = v),
        new("Dicom:PreferredTransferSyntax", "Transfer syntax", "The preferred transfer syntax displays the requested DICOM transfer syntax used when communicating DICOM objects over an established association. Change the default by selecting the preferred value from the list.",
            Kind.TransferSyntax, s => s.Dicom.PreferredTransferSyntax, (s, v) => { s.Dicom.PreferredTransferSyntax = TransferSyntaxChoices.Normalize(v.Trim())!; return null; }),
        new("Dicom:MaxPduSize", "PDU size", "The maximum receive PDU size shows the number of bytes the DICOM SCP accepts in a single DICOM PDU. Change the default value by selecting the preferred value from the list.",
            Kind.PduSize, s => Invariant(s.Dicom.MaxPduSize), (s, v) => ParseInt("Dicom:MaxPduSize", v, n => s.Dicom.MaxPduSize = n)),
        Number("Dicom:Timeouts:SendSeconds", "Send timer", Timers + "Send timer - time to wait for acknowledgement of a send PDV.",
            s => s.Dicom.Timeouts.SendSeconds, (s, v) => s.Dicom.Timeouts.SendSeconds = v),
        Number("Dicom:Timeouts:ReceiveSeconds", "Receive timer", Timers + "Receive timer - time to wait for the next PDV to arrive.",
            s => s.Dicom.Timeouts.ReceiveSeconds, (s, v) => s.Dicom.Timeouts.ReceiveSeconds = v),
        Number("Dicom:Timeouts:ConnectionSeconds", "Connection timer", Timers + "Connection timer - time to wait for acknowledgement of an association request.",
            s => s.Dicom.Timeouts.ConnectionSeconds, (s, v) => s.Dicom.Timeouts.ConnectionSeconds = v),
        Number("Dicom:Timeouts:WaitSeconds", "Wait timer", Timers + "Wait timer - time to wait for the next C-MOVE response message to arrive.",
            s => s.Dicom.Timeouts.WaitSeconds, (s, v) => s.Dicom.Timeouts.WaitSeconds = v),
        Text("Dicom:StorescuFlags", "Storescu flags", "The Storescu flags are passed to the application that sends DICOM objects to other AEs (DCMTK storescu options, e.g. -xs --max-pdu 65536).",
            s => s.Dicom.StorescuFlags, (s, v) => s.Dicom.StorescuFlags = v),
        Check("Dicom:CaseSensitiveQueries", "Case sensitivity", "By default, DICOM queries are case sensitive. The server prefers case insensitive queries. To enforce case sensitivity of the query parameters, put a checkmark in the box.",
            s => s.Dicom.CaseSensitiveQueries, (s, v) => s.Dicom.CaseSensitiveQueries = v),
        Check("Dicom:EmptyMatching", "Empty matching", "If empty matching is checked, a NULL query response is considered a match, even if the request included specific matching criteria for that attribute. To set matching to fail on NULL values, uncheck this setting.",
            s => s.Dicom.EmptyMatching, (s, v) => s.Dicom.EmptyMatching = v),
        Number("Dicom:QueryRetrieveLimit", "Query/Retrieve limit", "The Query/Retrieve limit is available to keep from overwhelming the server with the responses to query requests. If a query action receives more responses than configured here, the server cancels the request and ignores the remaining data. 0: no limit.",
            s => s.Dicom.QueryRetrieveLimit, (s, v) => s.Dicom.QueryRetrieveLimit = v),
        Check("Dicom:RemovePrivateTags", "Remove private tags", "System default setting for removing private tags when forwarding studies to remote DICOM AEs.",
            s => s.Dicom.RemovePrivateTags, (s, v) => s.Dicom.RemovePrivateTags = v),
        Check("Dicom:SendUpdates", "Sending updates", "System default setting for forwarding updates made to a study that was previously forwarded.",
            s => s.Dicom.SendUpdates, (s, v) => s.Dicom.SendUpdates = v),
        Check("Dicom:AssociationHeartbeat", "Association heartbeat", "System default setting for keeping DICOM associations open between transmission requests.",
            s => s.Dicom.AssociationHeartbeat, (s, v) => s.Dicom.AssociationHeartbeat = v),
    ];

    /// <summary>The TLS files of the TLS port (SETTINGS.md: <c>Dicom:Tls:*</c>), paths on the server.</summary>
    public static IReadOnlyList<Field> Tls { get; } =
    [
        Text("Dicom:Tls:Certificate", "TLS certificate", "Server certificate file (PEM, its chain may follow; or PKCS#12 .p12/.pfx). Required when the TLS port is not zero.",
            s => s.Dicom.Tls.Certificate, (s, v) => s.Dicom.Tls.Certificate = v),
        Text("Dicom:Tls:PrivateKey", "TLS private key", "File of the certificate's private key (PEM); empty when the certificate file holds the key.",
            s => s.Dicom.Tls.PrivateKey, (s, v) => s.Dicom.Tls.PrivateKey = v),
        Text("Dicom:Tls:TrustedCertificates", "Trusted certificates", "PEM bundle of the certificates trusted to sign client certificates and the certificates of devices; empty: the system's trusted roots.",
            s => s.Dicom.Tls.TrustedCertificates, (s, v) => s.Dicom.Tls.TrustedCertificates = v),
    ];

    /// <summary>Every row, the page's then the TLS files.</summary>
    public static IReadOnlyList<Field> All { get; } = [.. Page, .. Tls];

    /// <summary>The page's name of <paramref name="key"/>, or the key itself when it is not a row.</summary>
    public static string NameOf(string key) => All.FirstOrDefault(f => f.Key.Equals(key, StringComparison.OrdinalIgnoreCase))?.Name ?? key;

    private static Field Number(string key, string name, string help, Func<OspreySettings, int> get, Action<OspreySettings, int> set) =>
        new(key, name, help, Kind.Number, s => Invariant(get(s)), (s, v) => ParseInt(key, v, n => set(s, n)));

    private static Field Text(string key, string name, string help, Func<OspreySettings, string> get, Action<OspreySettings, string> set) =>
        new(key, name, help, Kind.Text, get, (s, v) => { set(s, v); return null; });

    private static Field Check(string key, string name, string help, Func<OspreySettings, bool> get, Action<OspreySettings, bool> set) =>
        new(key, name, help, Kind.Check, s => get(s) ? "true" : "false", (s, v) => { set(s, v == "true"); return null; });

    private static string? ParseInt(string key, string text, Action<int> set)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            return $"{key}: must be a whole number (got {SettingsValidator.Quote(text)})";
        set(n);
        return null;
    }

    private static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);
}
