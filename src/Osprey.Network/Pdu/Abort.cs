namespace Osprey.Network.Pdu;

/// <summary>
/// A-ABORT PDU (PS3.8 §9.3.8, Table 9-26): the association ends at once. <see cref="Reason"/> is significant
/// only when <see cref="Source"/> is the service-provider (see <see cref="AbortReason"/>); a service-user
/// abort sends 0. Values outside the enumerations are kept as received.
/// </summary>
public sealed record Abort(AbortSource Source, byte Reason) : Pdu
{
    public override PduType Type => PduType.Abort;
}

/// <summary>Source field of the A-ABORT PDU (PS3.8 §9.3.8); the value 1 is reserved.</summary>
public enum AbortSource : byte
{
    /// <summary>DICOM UL service-user (initiated abort).</summary>
    ServiceUser = 0,

    /// <summary>DICOM UL service-provider (initiated abort).</summary>
    ServiceProvider = 2,
}

/// <summary>Reason/Diag. values of an A-ABORT sent by the service-provider (PS3.8 §9.3.8); 3 is reserved.</summary>
public static class AbortReason
{
    public const byte NotSpecified = 0;
    public const byte UnrecognizedPdu = 1;
    public const byte UnexpectedPdu = 2;
    public const byte UnrecognizedPduParameter = 4;
    public const byte UnexpectedPduParameter = 5;
    public const byte InvalidPduParameterValue = 6;
}
