using Osprey.Network.Dimse;

namespace Osprey.Network.Services;

/// <summary>
/// A DIMSE service provider (an SCP) that plugs into associations: it names the SOP classes it
/// serves and the transfer syntaxes it takes for them, and handles the requests that arrive on
/// presentation contexts of those SOP classes. Adding a service touches no protocol code.
/// </summary>
public interface IDimseService
{
    /// <summary>The SOP class UIDs (abstract syntaxes) this service handles.</summary>
    IReadOnlyCollection<string> SopClassUids { get; }

    /// <summary>The transfer syntaxes accepted for <paramref name="sopClassUid"/>.</summary>
    IReadOnlyCollection<string> TransferSyntaxes(string sopClassUid);

    /// <summary>The request command fields this service answers (e.g. C-ECHO-RQ).</summary>
    IReadOnlyCollection<DimseCommandField> Commands { get; }

    /// <summary>
    /// Answers a SOP Class Extended Negotiation sub-item (PS3.7 §D.3.3.5) for one of its SOP classes:
    /// the service-class-application-information it accepts (its layout is the service class's, e.g.
    /// PS3.4 C.5 for Query/Retrieve), or null to leave the item out of the A-ASSOCIATE-AC.
    /// </summary>
    byte[]? NegotiateExtended(string sopClassUid, byte[] offered) => null;

    /// <summary>
    /// Handles one request; responses go back through <see cref="DimseRequest.RespondAsync"/>, and the
    /// last one must be final (not pending). Runs off the association's loop, one request at a time in
    /// arrival order. <paramref name="cancellationToken"/> is cancelled when the association ends
    /// (release, abort, lost connection) and, for C-FIND, C-GET and C-MOVE, when a C-CANCEL-RQ for
    /// this request arrives (PS3.7 §9.3.2.3, §9.3.3.3, §9.3.4.3): the service then stops and sends its
    /// final response with status Cancel (PS3.4 C.4.1.2.3, C.4.2.2, C.4.3.2).
    /// </summary>
    Task HandleAsync(DimseRequest request, CancellationToken cancellationToken);
}
