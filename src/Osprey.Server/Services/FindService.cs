using Osprey.Archive.Index;
using Osprey.Archive.Query;
using Osprey.Network.Dimse;
using Osprey.Network.Services;
using Osprey.Server.Settings;

using Osprey.Server.Hosting;

namespace Osprey.Server.Services;

/// <summary>
/// The C-FIND SCP of the Patient Root and Study Root Query/Retrieve Information Models (PS3.4 C.4.1,
/// C.6.1, C.6.2): reads the identifier, finds the matching entities in the index with the calling
/// device's matching rules (Dicom:CaseSensitiveQueries, Dicom:EmptyMatching), sends one pending
/// response per match and a final one. Past Dicom:QueryRetrieveLimit matches it stops and ends with
/// FE00 (matching terminated), as the settings page says, and logs it; a C-CANCEL ends it the same way.
/// </summary>
public sealed class FindService(IArchiveIndex index, SettingsResolver settings, Action<string>? log = null, NodeCounters? counters = null) : IDimseService
{
    public IReadOnlyCollection<string> SopClassUids => QueryRetrieveSopClasses.Find;

    // Identifiers travel in the uncompressed syntaxes (Explicit/Implicit VR Little Endian, Deflated, Big Endian).
    public IReadOnlyCollection<string> TransferSyntaxes(string sopClassUid) => Osprey.Network.Association.PresentationContextNegotiator.FallbackOrder;

    public byte[]? NegotiateExtended(string sopClassUid, byte[] offered) => AssociationQueryNegotiation.Accept(offered);

    public IReadOnlyCollection<DimseCommandField> Commands { get; } = [DimseCommandField.CFindRq];

    public async Task HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await AnswerAsync(request, cancellationToken);
        }
        finally
        {
            counters?.Query();
        }
    }

    private async Task AnswerAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        var command = request.Command;
        DicomQuery query;
        try
        {
            query = await QueryIdentifier.ReadAsync(request, request.Association.QueryNegotiation(request.AbstractSyntax), cancellationToken);
        }
        catch (QueryException e)
        {
            Log(request, $"find refused status={e.Status:X4} reason=\"{e.ErrorComment}\"");
            await request.RespondAsync(DimseCommand.CFindRsp(command, e.Status, e.ErrorComment));
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await request.RespondAsync(DimseCommand.CFindRsp(command, DimseStatus.Cancel));
            return;
        }

        var effective = settings.Resolve(request.Association.CallingAeTitle);
        var options = new QueryOptions(effective.CaseSensitiveQueries, effective.EmptyMatching);
        int limit = effective.QueryRetrieveLimit, sent = 0;
        ushort status = DimseStatus.Success;
        string? comment = null;
        try
        {
            await foreach (var match in ArchiveQuery.MatchesAsync(index, query, options, cancellationToken))
            {
                if (limit > 0 && sent == limit)
                {
                    status = DimseStatus.Cancel;
                    Log(request, $"find stopped at the Query/Retrieve limit level={query.Level.ToText()} returned={sent} limit={limit} (Dicom:QueryRetrieveLimit); further matches ignored");
                    break;
                }
                var identifier = QueryResponseBuilder.BuildInRequestCharacterSet(query, match, options, request.Association.CalledAeTitle);
                await request.RespondAsync(DimseCommand.CFindRsp(command, DimseStatus.Pending), QueryIdentifier.Encode(identifier, request.TransferSyntax));
                sent++;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = DimseStatus.Cancel; // C-CANCEL (PS3.4 C.4.1.3.3), or the association ended
        }
        catch (ArchiveIndexException e)
        {
            status = DimseStatus.OutOfResources;
            comment = "Out of resources: index unavailable";
            Log(request, $"find failed: {e.Message}");
        }
        await request.RespondAsync(DimseCommand.CFindRsp(command, status, comment));
    }

    private void Log(DimseRequest request, string message)
        => log?.Invoke($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {message} calling=\"{request.Association.CallingAeTitle}\"");
}
