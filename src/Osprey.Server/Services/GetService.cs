using Osprey.Archive.Index;
using Osprey.Archive.Query;
using Osprey.Archive.Storage;
using Osprey.Network.Dimse;
using Osprey.Network.Services;
using Osprey.Server.Retrieve;
using Osprey.Server.Settings;

using Osprey.Server.Hosting;

namespace Osprey.Server.Services;

/// <summary>
/// The C-GET SCP of the Patient Root and Study Root Query/Retrieve Information Models (PS3.4 C.4.3):
/// the instances under the matched entities go back to the requestor as C-STORE sub-operations on the
/// same association, on the presentation contexts where it took the SCP role (SCP/SCU Role Selection,
/// PS3.7 §D.3.3.4): in the stored transfer syntax when such a context has it, otherwise transcoded to
/// an uncompressed one. An instance with no fitting context is a failed sub-operation.
/// </summary>
public sealed class GetService(IArchiveIndex index, BlobStore blobs, SettingsResolver settings, Action<string>? log = null, NodeCounters? counters = null) : IDimseService
{
    public IReadOnlyCollection<string> SopClassUids => QueryRetrieveSopClasses.Get;

    // Identifiers travel in the uncompressed syntaxes (Explicit/Implicit VR Little Endian, Deflated, Big Endian).
    public IReadOnlyCollection<string> TransferSyntaxes(string sopClassUid) => Osprey.Network.Association.PresentationContextNegotiator.FallbackOrder;

    public byte[]? NegotiateExtended(string sopClassUid, byte[] offered) => AssociationQueryNegotiation.Accept(offered);

    public IReadOnlyCollection<DimseCommandField> Commands { get; } = [DimseCommandField.CGetRq];

    public async Task HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await AnswerAsync(request, cancellationToken);
        }
        finally
        {
            counters?.Retrieve("C-GET");
        }
    }

    private async Task AnswerAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        var command = request.Command;
        var calling = request.Association.CallingAeTitle;
        IReadOnlyList<IndexedInstance> instances;
        try
        {
            var query = await QueryIdentifier.ReadAsync(request, request.Association.QueryNegotiation(request.AbstractSyntax), cancellationToken);
            var effective = settings.Resolve(calling);
            instances = await RetrieveSelection.InstancesAsync(index, query, new QueryOptions(effective.CaseSensitiveQueries, effective.EmptyMatching),
                effective.QueryRetrieveLimit, cancellationToken);
        }
        catch (QueryException e)
        {
            Log($"get refused calling=\"{calling}\" status={e.Status:X4} reason=\"{e.ErrorComment}\"");
            var refused = DimseCommand.CGetRsp(command, e.Status, null, null, null, null);
            refused.ErrorComment = e.ErrorComment;
            await request.RespondAsync(refused);
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await request.RespondAsync(DimseCommand.CGetRsp(command, DimseStatus.Cancel, null, 0, 0, 0));
            return;
        }
        catch (ArchiveIndexException e)
        {
            Log($"get failed calling=\"{calling}\": {e.Message}");
            var failed = DimseCommand.CGetRsp(command, DimseStatus.OutOfResources, null, null, null, null);
            failed.ErrorComment = "Out of resources: index unavailable";
            await request.RespondAsync(failed);
            return;
        }

        var contexts = request.Association.PresentationContexts.Where(c => c.RequestorIsScp).ToList();
        var run = new SubOperationRun(request, instances, isMove: false);
        await run.RunAsync(async instance =>
        {
            var context = SubOperationContexts.Choose(contexts, instance)
                ?? throw new InvalidOperationException($"no presentation context with the SCP role for {instance.SopClassUid} in {instance.TransferSyntaxUid} or an uncompressed syntax");
            await using var dataSet = StoredDataSet.Open(blobs, instance, context.TransferSyntax);
            var store = DimseCommand.CStoreRq(0, instance.SopClassUid, instance.SopInstanceUid, command.Priority ?? DimsePriority.Medium);
            var response = await request.SendRequestAsync(context.Id, store, dataSet, CancellationToken.None);
            return response.Status ?? DimseStatus.ProcessingFailure;
        }, (instance, reason) => Log($"get sub-operation failed calling=\"{calling}\" sop_instance={instance.SopInstanceUid}: {reason}"), cancellationToken);
    }

    private void Log(string message) => log?.Invoke($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {message}");
}
