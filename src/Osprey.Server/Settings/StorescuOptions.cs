namespace Osprey.Server.Settings;

/// <summary>
/// What <c>-x…</c> option of DCMTK storescu chose: which transfer syntaxes the sender proposes.
/// Each is named after its storescu option and means what storescu's help says.
/// </summary>
public enum StorescuProposal
{
    /// <summary><c>-x=</c> (default): all uncompressed, explicit VR with local byte order first.</summary>
    Uncompressed,
    /// <summary><c>-xe</c>: all uncompressed, explicit VR little endian first.</summary>
    ExplicitLittleFirst,
    /// <summary><c>-xb</c>: all uncompressed, explicit VR big endian first.</summary>
    ExplicitBigFirst,
    /// <summary><c>-xi</c>: implicit VR little endian only.</summary>
    ImplicitOnly,
    /// <summary><c>-xs</c>: JPEG lossless (process 14, selection value 1), then all uncompressed.</summary>
    JpegLossless,
    /// <summary><c>-xy</c>: JPEG baseline (8 bit), then all uncompressed.</summary>
    JpegLossy8,
    /// <summary><c>-xx</c>: JPEG extended (12 bit), then all uncompressed.</summary>
    JpegLossy12,
    /// <summary><c>-xv</c>: JPEG 2000 lossless, then all uncompressed.</summary>
    Jpeg2000Lossless,
    /// <summary><c>-xw</c>: JPEG 2000 lossy, then all uncompressed.</summary>
    Jpeg2000Lossy,
    /// <summary><c>-xt</c>: JPEG-LS lossless, then all uncompressed.</summary>
    JpegLsLossless,
    /// <summary><c>-xu</c>: JPEG-LS near-lossless, then all uncompressed.</summary>
    JpegLsLossy,
    /// <summary><c>-xr</c>: RLE lossless, then all uncompressed.</summary>
    Rle,
    /// <summary><c>-xd</c>: deflated explicit VR little endian, then all uncompressed.</summary>
    Deflated,
}

/// <summary>
/// The storescu flags of a device (or the server), parsed by <see cref="StorescuFlagParser"/>. Null
/// members were not given. How the sender combines them with the other settings (e.g. <c>-pdu</c>
/// with <c>MaxPduSize</c>, <c>-td</c> with the send timer) is decided with the sender.
/// </summary>
public sealed record StorescuOptions
{
    /// <summary>The options of empty flags.</summary>
    public static StorescuOptions Default { get; } = new();

    /// <summary><c>-x=</c>, <c>-xe</c>, <c>-xb</c>, <c>-xi</c>, <c>-xs</c>, …: what to propose (the last one given wins, as in storescu).</summary>
    public StorescuProposal Proposal { get; init; } = StorescuProposal.Uncompressed;

    /// <summary><c>-R</c> / <c>--required</c>: propose only the presentation contexts the objects need.</summary>
    public bool RequiredOnly { get; init; }

    /// <summary><c>+C</c> / <c>--combine</c>: one presentation context per SOP class with all its transfer syntaxes.</summary>
    public bool Combine { get; init; }

    /// <summary><c>+cl</c> / <c>--compression-level</c> (0–9, only with <c>-xd</c>).</summary>
    public int? CompressionLevel { get; init; }

    /// <summary><c>+u</c> / <c>-u</c>: use the post-1993 VRs (UN/UT; default) or convert them to OB.</summary>
    public bool EnableNewVr { get; init; } = true;

    /// <summary><c>-pdu</c> / <c>--max-pdu</c>: max receive PDU, 4096–131072 bytes.</summary>
    public int? MaxPdu { get; init; }

    /// <summary><c>--max-send-pdu</c>: limit on the PDUs sent, 4096–131072 bytes.</summary>
    public int? MaxSendPdu { get; init; }

    /// <summary><c>-to</c> / <c>--timeout</c>: connection timeout, seconds (at least 1).</summary>
    public int? ConnectTimeoutSeconds { get; init; }

    /// <summary><c>-ts</c> / <c>--socket-timeout</c>: network socket timeout, seconds (0: none).</summary>
    public int? SocketTimeoutSeconds { get; init; }

    /// <summary><c>-ta</c> / <c>--acse-timeout</c>: timeout of association messages, seconds (at least 1).</summary>
    public int? AcseTimeoutSeconds { get; init; }

    /// <summary><c>-td</c> / <c>--dimse-timeout</c>: timeout of DIMSE messages, seconds (at least 1).</summary>
    public int? DimseTimeoutSeconds { get; init; }

    /// <summary><c>-nh</c> / <c>--no-halt</c>: go on with the next object when a store fails.</summary>
    public bool NoHalt { get; init; }
}
