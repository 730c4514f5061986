namespace Osprey.Network.Dimse;

/// <summary>
/// A response as the requestor receives it (PS3.7 §9.3): the command, and the bytes of its data set
/// (a C-FIND match, a C-GET or C-MOVE list of failed instances), encoded in the context's transfer
/// syntax, or null when it has none.
/// </summary>
public sealed record DimseResponse(DimseCommand Command, byte[]? DataSet)
{
    /// <summary>The response's Status (0000,0900).</summary>
    public ushort? Status => Command.Status;
}
