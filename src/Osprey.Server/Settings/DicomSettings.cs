using Osprey.Dicom.Dictionary;

namespace Osprey.Server.Settings;

/// <summary>
/// Section <c>Dicom</c>: the DICOM listeners and the settings of the "DICOM server settings" page.
/// The keys marked per device may be overridden by a <see cref="RemoteDevice"/>
/// (<see cref="DeviceOverrides"/>).
/// </summary>
public sealed class DicomSettings
{
    /// <summary>Default of <see cref="MaxPduSize"/>.</summary>
    public const int DefaultMaxPduSize = 131072;

    /// <summary>The values <see cref="MaxPduSize"/> may take: the powers of two 4096 … 4194304.</summary>
    public static IReadOnlyList<int> AllowedMaxPduSizes { get; } =
        [4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4194304];

    /// <summary>IP address the listeners bind (<c>0.0.0.0</c>: every IPv4 address; <c>::</c>: every address).</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Port of plain DICOM over TCP; <c>0</c> disables it.</summary>
    public int TcpPort { get; set; } = 11112;

    /// <summary>Port of DICOM over TLS; <c>0</c> disables it; non-zero needs <see cref="TlsSettings.Certificate"/>.</summary>
    public int TlsPort { get; set; }

    /// <summary>AE title that receives storage, echo, and most query and retrieve requests.</summary>
    public string StorageAeTitle { get; set; } = "OSPREY";

    /// <summary>Optional second AE title for queries of the archive; empty: off.</summary>
    public string ArchiveQueryAeTitle { get; set; } = "";

    /// <summary>
    /// Preferred transfer syntax, as a UID. Also accepts a keyword of <see cref="TransferSyntaxChoices"/>
    /// (e.g. <c>ExplicitVRLittleEndian</c>), which <see cref="SettingsLoader"/> turns into the UID.
    /// Per device.
    /// </summary>
    public string PreferredTransferSyntax { get; set; } = DicomUids.ExplicitVRLittleEndian;

    /// <summary>Maximum PDU length Osprey receives; one of <see cref="AllowedMaxPduSizes"/>. Per device.</summary>
    public int MaxPduSize { get; set; } = DefaultMaxPduSize;

    /// <summary>The send, receive, connection and wait timers. Per device.</summary>
    public TimeoutSettings Timeouts { get; set; } = new();

    /// <summary>
    /// Options of the sender that forwards to other AEs, in DCMTK storescu syntax (e.g.
    /// <c>-xs --max-pdu 65536</c>); only the options of <see cref="StorescuFlags"/> are accepted.
    /// Per device.
    /// </summary>
    public string StorescuFlags { get; set; } = "";

    /// <summary>Off: text matching ignores case. On: exact case, as the standard says. Per device.</summary>
    public bool CaseSensitiveQueries { get; set; }

    /// <summary>On: an empty or absent stored attribute matches any criterion on it. Per device.</summary>
    public bool EmptyMatching { get; set; } = true;

    /// <summary>Most matches one query returns before it is cancelled; <c>0</c>: no limit. Per device.</summary>
    public int QueryRetrieveLimit { get; set; } = 1000;

    /// <summary>Strip private elements from what is forwarded (the stored copy is untouched). Per device.</summary>
    public bool RemovePrivateTags { get; set; }

    /// <summary>Forward later changes of a study already forwarded to a device. Per device.</summary>
    public bool SendUpdates { get; set; } = true;

    /// <summary>Keep associations to remote AEs open between transmission requests. Per device.</summary>
    public bool AssociationHeartbeat { get; set; }

    /// <summary>Most concurrent inbound associations (at least 1).</summary>
    public int MaxAssociations { get; set; } = 64;

    /// <summary>Certificate, key and trust for the TLS port, and for outbound TLS to devices.</summary>
    public TlsSettings Tls { get; set; } = new();

    /// <summary>
    /// Who may associate: <c>open</c> (any calling AE title) or <c>known-devices</c> (only AE titles
    /// listed under <c>Devices</c>, each from its <c>Host</c> when it has one). A device's
    /// <c>AllowedServices</c> apply in both modes.
    /// </summary>
    public string AccessControl { get; set; } = AccessControlModes.Open;

    /// <summary>
    /// Users of User Identity negotiation (PS3.7 §D.3.3.7). When the list is not empty, an identity a
    /// requestor presents is checked against it, and a wrong one is rejected.
    /// </summary>
    public List<DicomUser> Users { get; set; } = [];

    /// <summary>Reject associations that present no accepted user identity (needs <see cref="Users"/>).</summary>
    public bool RequireUserIdentity { get; set; }
}
