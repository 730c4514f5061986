namespace Osprey.Network.UpperLayer;

/// <summary>Limits and timers of one upper layer machine (PS3.8 §9.1.5 ARTIM; the settings page's timers).</summary>
public sealed record UpperLayerOptions
{
    /// <summary>
    /// ARTIM: how long the acceptor waits for the A-ASSOCIATE-RQ after the transport connection
    /// opens, and how long either side waits for the peer to close after a reject, release or
    /// abort. Also the requestor's wait for the A-ASSOCIATE-AC/RJ. Null = no limit.
    /// </summary>
    public TimeSpan? ConnectionTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The next PDU must arrive within this on an established association, else A-ABORT. Null = no limit.</summary>
    public TimeSpan? ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A write must complete within this, else the connection is closed. Null = no limit.</summary>
    public TimeSpan? SendTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The largest P-DATA-TF PDU (length field) this side accepts: our Maximum Length (PS3.8 §D.1).
    /// Other PDUs are bounded by <see cref="MaxOtherPduLength"/>. Anything longer is an invalid PDU.
    /// </summary>
    public uint MaxReceivePduLength { get; init; } = 131072;

    /// <summary>Bound for non-data PDUs (an A-ASSOCIATE-RQ with hundreds of contexts fits well within it).</summary>
    public uint MaxOtherPduLength { get; init; } = 1024 * 1024;
}
