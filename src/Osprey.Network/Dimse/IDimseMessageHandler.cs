namespace Osprey.Network.Dimse;

/// <summary>
/// Who takes the peer's requests off a <see cref="DimseMessenger"/>: the acceptor (its services) or
/// the requestor (the C-STOREs a C-GET brings back). Both calls come on the association's loop and
/// must return at once: work is started detached, and answered with <see cref="DimseMessenger.RespondAsync"/>.
/// </summary>
public interface IDimseMessageHandler
{
    /// <summary>A request of the peer, its command assembled, its data set still arriving. False: the association must be aborted.</summary>
    bool OnRequest(IncomingRequest request);

    /// <summary>A C-CANCEL-RQ (PS3.7 §9.3.2.3) naming <paramref name="messageId"/>.</summary>
    void OnCancel(ushort messageId);
}
