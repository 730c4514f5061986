using Osprey.Network.Dimse;

namespace Osprey.Network.Services;

/// <summary>
/// A DIMSE request as a service sees it (PS3.7 §9.1, §9.3): the command, the presentation context
/// it came on, who sent it, its data set as a stream, and a way to send responses back on the same association.
/// </summary>
public sealed class DimseRequest(DimseCommand command, byte presentationContextId, string abstractSyntax, string transferSyntax,
    AssociationInfo association, Func<DimseCommand, ReadOnlyMemory<byte>?, Task> respond, System.IO.Pipelines.PipeReader? dataSet = null)
{
    public DimseCommand Command { get; } = command;
    public byte PresentationContextId { get; } = presentationContextId;
    public string AbstractSyntax { get; } = abstractSyntax;
    public string TransferSyntax { get; } = transferSyntax;
    public AssociationInfo Association { get; } = association;

    /// <summary>
    /// The request's data set, streamed as it arrives (encoded in <see cref="TransferSyntax"/>), or null
    /// when the request has none. Responding completes it: read what you need first.
    /// </summary>
    public System.IO.Pipelines.PipeReader? DataSet { get; } = dataSet;

    /// <summary>Sends a response command (and optional data set bytes, already encoded in the context's transfer syntax).</summary>
    public Task RespondAsync(DimseCommand response, ReadOnlyMemory<byte>? dataSet = null) => respond(response, dataSet);
}

/// <summary>What a service may know about the association a request arrived on.</summary>
public sealed record AssociationInfo(string CallingAeTitle, string CalledAeTitle, string RemoteAddress);
