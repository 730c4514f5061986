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

    /// <summary>Handles one request; responses go back through <see cref="DimseRequest.RespondAsync"/>.</summary>
    Task HandleAsync(DimseRequest request, CancellationToken cancellationToken);
}
