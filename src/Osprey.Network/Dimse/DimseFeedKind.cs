namespace Osprey.Network.Dimse;

/// <summary>What a presentation data value fed to a <see cref="DimseAssembler"/> turned out to be: part of a command set or of a data set (PS3.7 §6.3, PS3.8 Annex E).</summary>
public enum DimseFeedKind
{
    /// <summary>A command fragment that is not the last: it was buffered, there is nothing to do yet.</summary>
    CommandFragment,

    /// <summary>
    /// The last fragment of a command: <see cref="DimseFeedResult.Command"/> is decoded. When the
    /// command has no data set (<see cref="DimseFeedResult.DataSetFollows"/> false) the message is complete.
    /// </summary>
    Command,

    /// <summary>
    /// A fragment of the data set of <see cref="DimseFeedResult.Command"/>, in <see cref="DimseFeedResult.Data"/>;
    /// the message is complete when <see cref="DimseFeedResult.IsLastFragment"/> is set.
    /// </summary>
    DataFragment,
}
