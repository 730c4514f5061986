using System.IO.Pipelines;
using Osprey.Network.Dimse;

namespace Osprey.Network.Services;

/// <summary>
/// A DIMSE request as a service sees it (PS3.7 §9.1, §9.3): the command, the presentation context
/// it came on, who sent it, its data set as a stream, a way to send responses back on the same
/// association, and a way to send requests of its own to the requestor on it (sub-operations).
/// </summary>
public sealed class DimseRequest
{
    private readonly IDimseRequestOwner _owner;

    /// <summary>
    /// A request outside an association (for testing a service): responses go to
    /// <paramref name="respond"/>, requests to the requestor to <paramref name="sendRequest"/> (when
    /// null, <see cref="SendRequestAsync"/> throws <see cref="NotSupportedException"/>).
    /// </summary>
    public DimseRequest(DimseCommand command, byte presentationContextId, string abstractSyntax, string transferSyntax,
        AssociationInfo association, Func<DimseCommand, ReadOnlyMemory<byte>?, Task> respond, PipeReader? dataSet = null,
        Func<byte, DimseCommand, Stream?, CancellationToken, Task<DimseCommand>>? sendRequest = null)
        : this(command, presentationContextId, abstractSyntax, transferSyntax, association, new DelegateOwner(respond, sendRequest), dataSet, null)
    {
    }

    internal DimseRequest(IncomingRequest incoming, string abstractSyntax, string transferSyntax,
        AssociationInfo association, IDimseRequestOwner owner, CancellationTokenSource? cancellation)
        : this(incoming.Command, incoming.PresentationContextId, abstractSyntax, transferSyntax, association, owner, incoming.DataSet, cancellation)
    {
        Incoming = incoming;
    }

    private DimseRequest(DimseCommand command, byte presentationContextId, string abstractSyntax, string transferSyntax,
        AssociationInfo association, IDimseRequestOwner owner, PipeReader? dataSet, CancellationTokenSource? cancellation)
    {
        Command = command;
        PresentationContextId = presentationContextId;
        AbstractSyntax = abstractSyntax;
        TransferSyntax = transferSyntax;
        Association = association;
        DataSet = dataSet;
        Cancellation = cancellation;
        _owner = owner;
    }

    public DimseCommand Command { get; }
    public byte PresentationContextId { get; }
    public string AbstractSyntax { get; }
    public string TransferSyntax { get; }
    public AssociationInfo Association { get; }

    /// <summary>
    /// The request's data set, streamed as it arrives (encoded in <see cref="TransferSyntax"/>), or null
    /// when the request has none. Responding completes it: read what you need first.
    /// </summary>
    public PipeReader? DataSet { get; }

    /// <summary>
    /// Sends a response command (and optional data set bytes, already encoded in the context's transfer
    /// syntax; Command Data Set Type is set to match). A response whose status is not pending (PS3.7
    /// Annex C) is the final one: the operation is over for the requestor, which may send its next request.
    /// </summary>
    public Task RespondAsync(DimseCommand response, ReadOnlyMemory<byte>? dataSet = null) => _owner.RespondAsync(this, response, dataSet);

    /// <summary>
    /// Sends a request to the association-requestor on this association and completes with its final
    /// response (pending ones are passed over): a sub-operation such as C-GET's C-STORE (PS3.4 C.4.3.3),
    /// sent on a context of <see cref="AssociationInfo.PresentationContexts"/> where the requestor is SCP.
    /// A fresh Message ID, unique on the association, replaces the request's; Command Data Set Type is
    /// set from <paramref name="dataSet"/>, which is streamed a PDU at a time (encoded already in the
    /// context's transfer syntax; never read whole). Throws <see cref="Client.AssociationAbortedException"/>
    /// when the association ends before the response arrives, and <see cref="OperationCanceledException"/>
    /// when <paramref name="cancellationToken"/> is cancelled first (the response is then ignored when it comes).
    /// </summary>
    public Task<DimseCommand> SendRequestAsync(byte presentationContextId, DimseCommand request, Stream? dataSet, CancellationToken cancellationToken = default)
        => _owner.SendRequestAsync(this, presentationContextId, request, dataSet, cancellationToken);

    /// <summary>Cancelled by a C-CANCEL-RQ for this request (C-FIND, C-GET, C-MOVE); null for requests that cannot be cancelled.</summary>
    internal CancellationTokenSource? Cancellation { get; }

    /// <summary>The request as the association's messenger received it (null outside an association).</summary>
    internal IncomingRequest? Incoming { get; }

    /// <summary>True once the final response was sent or the handler ended.</summary>
    internal bool IsFinished => Incoming?.IsFinished ?? false;

    private sealed class DelegateOwner(Func<DimseCommand, ReadOnlyMemory<byte>?, Task> respond,
        Func<byte, DimseCommand, Stream?, CancellationToken, Task<DimseCommand>>? sendRequest) : IDimseRequestOwner
    {
        public Task RespondAsync(DimseRequest request, DimseCommand response, ReadOnlyMemory<byte>? dataSet) => respond(response, dataSet);

        public Task<DimseCommand> SendRequestAsync(DimseRequest origin, byte presentationContextId, DimseCommand request, Stream? dataSet, CancellationToken cancellationToken)
            => sendRequest?.Invoke(presentationContextId, request, dataSet, cancellationToken)
                ?? throw new NotSupportedException("this request is not on an association that can carry requests to the requestor");
    }
}

/// <summary>What carries a <see cref="DimseRequest"/>'s messages: the acceptor association it arrived on.</summary>
internal interface IDimseRequestOwner
{
    Task RespondAsync(DimseRequest request, DimseCommand response, ReadOnlyMemory<byte>? dataSet);

    Task<DimseCommand> SendRequestAsync(DimseRequest origin, byte presentationContextId, DimseCommand request, Stream? dataSet, CancellationToken cancellationToken);
}

/// <summary>What a service may know about the association a request arrived on.</summary>
public sealed record AssociationInfo(string CallingAeTitle, string CalledAeTitle, string RemoteAddress)
{
    /// <summary>The accepted presentation contexts, with the requestor's roles (PS3.7 §D.3.3.4).</summary>
    public IReadOnlyList<AcceptedPresentationContext> PresentationContexts { get; init; } = [];

    /// <summary>
    /// The SOP Class Extended Negotiation accepted per SOP class UID (PS3.7 §D.3.3.5): the
    /// service-class-application-information sent back in the A-ASSOCIATE-AC. A SOP class without an
    /// entry was not extended.
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> ExtendedNegotiation { get; init; } = new Dictionary<string, byte[]>();
}
