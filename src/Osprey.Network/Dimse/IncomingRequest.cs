using System.IO.Pipelines;

namespace Osprey.Network.Dimse;

/// <summary>
/// A request the peer sent (PS3.7 §9.1), as <see cref="DimseMessenger"/> hands it on once its command
/// is assembled: the command, the presentation context it came on, and its data set as a stream that
/// fills as the P-DATA arrives (null when it has none). It is finished, once, by the final response
/// to it or when its handler ends.
/// </summary>
public sealed class IncomingRequest
{
    private int _finished;

    internal IncomingRequest(DimseCommand command, byte presentationContextId, PipeReader? dataSet)
    {
        Command = command;
        PresentationContextId = presentationContextId;
        DataSet = dataSet;
    }

    public DimseCommand Command { get; }

    public byte PresentationContextId { get; }

    /// <summary>The data set, streamed with back-pressure: the peer is slowed when it is not read.</summary>
    public PipeReader? DataSet { get; }

    /// <summary>True once the final response was sent or its handler ended.</summary>
    public bool IsFinished => Volatile.Read(ref _finished) != 0;

    internal bool TryFinish() => Interlocked.Exchange(ref _finished, 1) == 0;
}
