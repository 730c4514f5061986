using Osprey.Network.Dimse;

namespace Osprey.Network.Services;

/// <summary>
/// A DIMSE request as a service sees it (PS3.7 §9.1, §9.3): the command, the presentation context
/// it came on, who sent it, and a way to send responses back on the same association.
/// </summary>
public sealed class DimseRequest(DimseCommand command, byte presentationContextId, string abstractSyntax, string transferSyntax,
    AssociationInfo association, Func<DimseCommand, ReadOnlyMemory<byte>?, Task> respond)
{
    public DimseCommand Command { get; } = command;
    public byte PresentationContextId { get; } = presentationContextId;
    public string AbstractSyntax { get; } = abstractSyntax;
    public string TransferSyntax { get; } = transferSyntax;
    public AssociationInfo Association { get; } = association;

    /// <summary>Sends a response command (and optional data set bytes, already encoded in the context's transfer syntax).</summary>
    public Task RespondAsync(DimseCommand response, ReadOnlyMemory<byte>? dataSet = null) => respond(response, dataSet);
}

/// <summary>What a service may know about the association a request arrived on.</summary>
public sealed record AssociationInfo(string CallingAeTitle, string CalledAeTitle, string RemoteAddress);
