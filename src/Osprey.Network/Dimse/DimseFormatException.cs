namespace Osprey.Network.Dimse;

/// <summary>
/// A DIMSE message that breaks the rules of PS3.7 (a command set that cannot be decoded or lacks a
/// required field, §6.3 and §9.3/§10.3) or of its fragmentation into presentation data values
/// (PS3.8 Annex E). The association it arrived on cannot go on and should be aborted.
/// </summary>
public sealed class DimseFormatException : Exception
{
    public DimseFormatException(string message) : base(message) { }

    public DimseFormatException(string message, Exception innerException) : base(message, innerException) { }
}
