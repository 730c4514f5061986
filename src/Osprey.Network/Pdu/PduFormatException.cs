namespace Osprey.Network.Pdu;

/// <summary>
/// A PDU whose content does not follow PS3.8 §9.3. <see cref="AbortReason"/> is the Reason/Diag. value
/// (one of the <c>AbortReason</c> constants, PS3.8 §9.3.8) of the A-ABORT to send in answer.
/// </summary>
public sealed class PduFormatException(string reason, byte abortReason) : Exception(reason)
{
    public string Reason { get; } = reason;

    public byte AbortReason { get; } = abortReason;
}
