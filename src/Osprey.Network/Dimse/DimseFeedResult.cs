namespace Osprey.Network.Dimse;

/// <summary>
/// What <see cref="DimseAssembler.Feed"/> made of one presentation data value (PS3.7 §6.3, PS3.8 Annex E): a
/// struct, so the data path allocates nothing. <see cref="Data"/> is the fed PDV's own memory, valid
/// as long as the caller keeps that buffer unchanged.
/// </summary>
public readonly struct DimseFeedResult
{
    private DimseFeedResult(DimseFeedKind kind, byte presentationContextId, DimseCommand? command, ReadOnlyMemory<byte> data, bool isLastFragment)
    {
        Kind = kind;
        PresentationContextId = presentationContextId;
        Command = command;
        Data = data;
        IsLastFragment = isLastFragment;
    }

    internal static DimseFeedResult CommandFragment(byte presentationContextId)
        => new(DimseFeedKind.CommandFragment, presentationContextId, null, default, false);

    internal static DimseFeedResult CommandComplete(byte presentationContextId, DimseCommand command)
        => new(DimseFeedKind.Command, presentationContextId, command, default, true);

    internal static DimseFeedResult DataFragment(byte presentationContextId, DimseCommand command, ReadOnlyMemory<byte> data, bool last)
        => new(DimseFeedKind.DataFragment, presentationContextId, command, data, last);

    public DimseFeedKind Kind { get; }

    /// <summary>The presentation context of the message (the same for all its PDVs).</summary>
    public byte PresentationContextId { get; }

    /// <summary>
    /// For <see cref="DimseFeedKind.Command"/>, the command just completed; for
    /// <see cref="DimseFeedKind.DataFragment"/>, the command whose data set this is; null otherwise.
    /// </summary>
    public DimseCommand? Command { get; }

    /// <summary>For <see cref="DimseFeedKind.DataFragment"/>, the fragment's bytes; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Set on a completed command and on the last fragment of a data set.</summary>
    public bool IsLastFragment { get; }

    /// <summary>True on a completed command that announces a data set (PS3.7 §E.1, Command Data Set Type).</summary>
    public bool DataSetFollows => Kind == DimseFeedKind.Command && Command!.HasDataSet;

    /// <summary>True when this PDV ends the message: a command with no data set, or the last data set fragment.</summary>
    public bool CompletesMessage => Kind switch
    {
        DimseFeedKind.Command => !Command!.HasDataSet,
        DimseFeedKind.DataFragment => IsLastFragment,
        _ => false,
    };

    public override string ToString() => Kind switch
    {
        DimseFeedKind.CommandFragment => $"command fragment on presentation context {PresentationContextId}",
        DimseFeedKind.Command => $"{Command} on presentation context {PresentationContextId}",
        _ => $"{(IsLastFragment ? "last " : "")}data set fragment of {Data.Length} bytes on presentation context {PresentationContextId}",
    };
}
