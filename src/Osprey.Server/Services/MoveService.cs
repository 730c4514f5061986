using Osprey.Archive.Index;
using Osprey.Archive.Query;
using Osprey.Archive.Storage;
using Osprey.Network.Client;
using Osprey.Network.Dimse;
using Osprey.Network.Services;
using Osprey.Server.Devices;
using Osprey.Server.Retrieve;
using Osprey.Network.Security;
using Osprey.Server.Security;
using Osprey.Server.Settings;

using Osprey.Server.Hosting;

namespace Osprey.Server.Services;

/// <summary>
/// The C-MOVE SCP of the Patient Root and Study Root Query/Retrieve Information Models (PS3.4 C.4.2):
/// the Move Destination is looked up among the configured remote devices (unknown: A801); the
/// instances under the matched entities are sent as C-STORE sub-operations over a new association
/// from the Storage AE title to that device, each in its stored transfer syntax when the device takes
/// it, otherwise transcoded to an uncompressed one (<see cref="SubOperationContexts"/>). A device
/// that is down or refuses the association fails every sub-operation (A702, with the reason).
/// </summary>
public sealed class MoveService(IArchiveIndex index, BlobStore blobs, SettingsResolver settings, string storageAeTitle, TlsCredentials? tls = null, Action<string>? log = null, NodeCounters? counters = null) : IDimseService
{
    public IReadOnlyCollection<string> SopClassUids => QueryRetrieveSopClasses.Move;

    // Identifiers travel in the uncompressed syntaxes (Explicit/Implicit VR Little Endian, Deflated, Big Endian).
    public IReadOnlyCollection<string> TransferSyntaxes(string sopClassUid) => Osprey.Network.Association.PresentationContextNegotiator.FallbackOrder;

    public byte[]? NegotiateExtended(string sopClassUid, byte[] offered) => AssociationQueryNegotiation.Accept(offered);

    public IReadOnlyCollection<DimseCommandField> Commands { get; } = [DimseCommandField.CMoveRq];

    public async Task HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await AnswerAsync(request, cancellationToken);
        }
        finally
        {
            counters?.Retrieve("C-MOVE");
        }
    }

    private async Task AnswerAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        var command = request.Command;
        var destination = command.MoveDestination?.Trim() ?? "";
        var calling = request.Association.CallingAeTitle;
        IReadOnlyList<IndexedInstance> instances;
        try
        {
            var query = await QueryIdentifier.ReadAsync(request, request.Association.QueryNegotiation(request.AbstractSyntax), cancellationToken);
            if (settings.Devices.FirstOrDefault(d => d.AeTitle == destination) is null)
                throw new QueryException(DimseStatus.MoveDestinationUnknown, QueryIdentifier.Shorten($"Move Destination \"{destination}\" is not a configured device"));
            var effective = settings.Resolve(calling);
            instances = await RetrieveSelection.InstancesAsync(index, query, new QueryOptions(effective.CaseSensitiveQueries, effective.EmptyMatching),
                effective.QueryRetrieveLimit, cancellationToken);
        }
        catch (QueryException e)
        {
            Log($"move refused calling=\"{calling}\" destination=\"{destination}\" status={e.Status:X4} reason=\"{e.ErrorComment}\"");
            var refused = DimseCommand.CMoveRsp(command, e.Status, null, null, null, null);
            refused.ErrorComment = e.ErrorComment;
            await request.RespondAsync(refused);
            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await request.RespondAsync(DimseCommand.CMoveRsp(command, DimseStatus.Cancel, null, 0, 0, 0));
            return;
        }
        catch (ArchiveIndexException e)
        {
            Log($"move failed calling=\"{calling}\": {e.Message}");
            var failed = DimseCommand.CMoveRsp(command, DimseStatus.OutOfResources, null, null, null, null);
            failed.ErrorComment = "Out of resources: index unavailable";
            await request.RespondAsync(failed);
            return;
        }

        var device = settings.Devices.First(d => d.AeTitle == destination);
        var run = new SubOperationRun(request, instances, isMove: true);
        if (instances.Count == 0)
        {
            await run.RunAsync(_ => Task.FromResult(DimseStatus.Success), null, cancellationToken);
            return;
        }

        var deviceSettings = settings.Resolve(device.AeTitle);
        var options = DeviceClientOptions.For(device, deviceSettings, storageAeTitle, [], tls?.For(device)) with
        {
            Proposals = SubOperationContexts.Propose(instances, deviceSettings.PreferredTransferSyntax),
        };
        ClientAssociation association;
        try
        {
            association = await ClientAssociation.ConnectAsync(options);
        }
        catch (Exception e) when (e is AssociationRejectedException or AssociationAbortedException or System.Net.Sockets.SocketException or IOException or TimeoutException or OperationCanceledException)
        {
            var reason = $"Cannot associate with {destination} at {device.Host}:{device.Port}: {e.Message}";
            Log($"move failed calling=\"{calling}\" destination=\"{destination}\" instances={instances.Count}: {reason}");
            // The Error Comment holds 64 characters: a TLS failure says its reason first.
            await run.FailAllAsync(e is TlsHandshakeException handshake ? $"TLS to {destination}: {handshake.Reason}" : reason);
            return;
        }

        await using (association)
        {
            await run.RunAsync(async instance =>
            {
                var context = SubOperationContexts.Choose(association.PresentationContexts, instance)
                    ?? throw new InvalidOperationException($"{destination} accepted no presentation context for {instance.SopClassUid} in {instance.TransferSyntaxUid} or an uncompressed syntax");
                await using var dataSet = StoredDataSet.Open(blobs, instance, context.TransferSyntax);
                var store = DimseCommand.CStoreRq(association.NextMessageId(), instance.SopClassUid, instance.SopInstanceUid,
                    command.Priority ?? DimsePriority.Medium, calling, command.MessageId);
                var responses = await association.SendRequestAsync(context.Id, store, dataSet);
                return responses[^1].Status ?? DimseStatus.ProcessingFailure;
            }, (instance, reason) => Log($"move sub-operation failed destination=\"{destination}\" sop_instance={instance.SopInstanceUid}: {reason}"), cancellationToken);
            try
            {
                await association.ReleaseAsync();
            }
            catch (AssociationAbortedException)
            {
                // Every response was received already; a peer that drops the connection at release loses nothing.
            }
        }
    }

    private void Log(string message) => log?.Invoke($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {message}");
}
