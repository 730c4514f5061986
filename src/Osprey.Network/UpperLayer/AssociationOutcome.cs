using Osprey.Network.Pdu;

namespace Osprey.Network.UpperLayer;

/// <summary>
/// How an association ended (PS3.8 §7.1 to §7.4): released, rejected, aborted and by whom, a timer
/// that ran out, or a transport connection that failed. <see cref="ToString"/> is the log's wording.
/// </summary>
public abstract record AssociationOutcome
{
    private AssociationOutcome()
    {
    }

    /// <summary>Not ended yet.</summary>
    public sealed record Open : AssociationOutcome
    {
        public override string ToString() => "open";
    }

    /// <summary>A-RELEASE completed (PS3.8 §7.2).</summary>
    public sealed record Released : AssociationOutcome
    {
        public override string ToString() => "released";
    }

    /// <summary>A-ASSOCIATE-RJ (PS3.8 §7.1.1.7, §9.3.4), sent by this side or received from the peer.</summary>
    public sealed record Rejected(bool ByPeer, AssociateRjResult Result, AssociateRjSource Source, byte Reason) : AssociationOutcome
    {
        public override string ToString() => ByPeer ? "rejected by peer"
            : Source == AssociateRjSource.ServiceProviderAcse && Reason == AssociateRjReason.ProviderAcseProtocolVersionNotSupported ? "rejected (protocol version)"
            : "rejected";
    }

    /// <summary>
    /// A-ABORT or A-P-ABORT (PS3.8 §7.3, §7.4): who aborted, the A-ABORT PDU's source and reason (sent or
    /// received), and why in words.
    /// </summary>
    public sealed record Aborted(AbortInitiator By, AbortSource Source, byte Reason, string Why) : AssociationOutcome
    {
        public override string ToString() => Why;
    }

    /// <summary>A timer ran out (PS3.8 §9.1.5 ARTIM, and the settings' connection, receive and send timers).</summary>
    public sealed record TimedOut(UpperLayerTimer Timer) : AssociationOutcome
    {
        public override string ToString() => Timer switch
        {
            UpperLayerTimer.Artim => "timed out",
            UpperLayerTimer.AssociateResponse => "no A-ASSOCIATE response within the connection timer",
            UpperLayerTimer.Receive => "no PDU within the receive timer",
            _ => "send timed out",
        };
    }

    /// <summary>The transport connection (PS3.8 §9.1.1) could not be opened, failed, or closed under the association.</summary>
    public sealed record TransportFailure(TransportFailureKind Kind, Exception? Cause = null) : AssociationOutcome
    {
        public override string ToString() => Kind switch
        {
            TransportFailureKind.ConnectFailed => $"transport connection failed: {Cause?.Message}",
            TransportFailureKind.SendFailed => $"send failed: {Cause?.Message}",
            TransportFailureKind.ClosedBeforeAssociationRequest => "connection closed before association request",
            _ => "connection closed by peer",
        };
    }

    /// <summary>This side failed while acting on an event (a local user's indication that threw): the connection is closed.</summary>
    public sealed record Failed(Exception Cause) : AssociationOutcome
    {
        public override string ToString() => $"failed: {Cause.Message}";
    }
}

/// <summary>Who ended an association with an abort (PS3.8 §7.3 A-ABORT, §7.4 A-P-ABORT).</summary>
public enum AbortInitiator
{
    /// <summary>The local user asked for A-ABORT.</summary>
    LocalUser,

    /// <summary>This side's service provider aborted: a protocol error of the peer's.</summary>
    LocalServiceProvider,

    /// <summary>The peer sent an A-ABORT with the service-user source.</summary>
    PeerServiceUser,

    /// <summary>The peer sent an A-ABORT with the service-provider source.</summary>
    PeerServiceProvider,
}

/// <summary>The timer that ended an association.</summary>
public enum UpperLayerTimer
{
    /// <summary>ARTIM (PS3.8 §9.1.5): for the A-ASSOCIATE-RQ after the connection opened, or for the peer to close.</summary>
    Artim,

    /// <summary>The requestor's wait for the A-ASSOCIATE-AC or -RJ (the connection timer).</summary>
    AssociateResponse,

    /// <summary>The receive timer: for the next PDU on an open association.</summary>
    Receive,

    /// <summary>The send timer: for one write.</summary>
    Send,
}

/// <summary>What happened to the transport connection.</summary>
public enum TransportFailureKind
{
    /// <summary>The requestor's TRANSPORT CONNECT (AE-1) failed (TCP, or the TLS handshake).</summary>
    ConnectFailed,

    /// <summary>A write failed.</summary>
    SendFailed,

    /// <summary>The peer closed the connection, or it broke, on an association (AA-4).</summary>
    ClosedByPeer,

    /// <summary>The peer closed the connection before sending an A-ASSOCIATE-RQ (AA-5).</summary>
    ClosedBeforeAssociationRequest,
}
