using Osprey.Archive.Storage;
using Osprey.Dicom.Dictionary;
using Osprey.Network.Dimse;
using Osprey.Network.Services;

using Osprey.Server.Hosting;

namespace Osprey.Server.Services;

/// <summary>
/// The Storage Service Class as SCP (PS3.4 Annex B): C-STORE for every storage SOP class of the UID
/// registry (PS3.6 Annex A), in every transfer syntax of the registry — encapsulated data sets are
/// stored as received, never decompressed. Each request's data set streams into the archive
/// (<see cref="ArchiveStore"/>), and the response is sent only once the instance is durably stored and
/// indexed, or with the status and Error Comment that say why not (PS3.4 §B.2.3). Each answered
/// request is counted, with its latency, in <see cref="NodeCounters"/>.
/// </summary>
public sealed class StorageService(ArchiveStore store, Action<string>? log = null, NodeCounters? counters = null) : IDimseService
{
    /// <summary>Every storage SOP class of the UID registry (PS3.6 Annex A).</summary>
    public static IReadOnlyList<string> StorageSopClasses { get; } = [.. DicomUidRegistry.StorageSopClasses.Select(e => e.Uid)];

    // RFC 2557 MIME encapsulation and XML Encoding (PS3.18) name encodings of web responses, not of a
    // DIMSE data set: no C-STORE can carry one.
    private static readonly HashSet<string> NotDataSetEncodings = ["1.2.840.10008.1.2.6.1", "1.2.840.10008.1.2.6.2"];

    // Every other transfer syntax of the registry; the negotiator puts the preferred and the other
    // uncompressed ones first (Dicom:PreferredTransferSyntax decides among those).
    public static IReadOnlyList<string> AcceptedTransferSyntaxes { get; } = [.. DicomUidRegistry.TransferSyntaxes.Select(e => e.Uid).Where(u => !NotDataSetEncodings.Contains(u))];

    public IReadOnlyCollection<string> SopClassUids => StorageSopClasses;

    public IReadOnlyCollection<string> TransferSyntaxes(string sopClassUid) => AcceptedTransferSyntaxes;

    public IReadOnlyCollection<DimseCommandField> Commands { get; } = [DimseCommandField.CStoreRq];

    public async Task HandleAsync(DimseRequest request, CancellationToken cancellationToken)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var command = request.Command;
        if (request.DataSet is not { } dataSet)
        {
            await request.RespondAsync(DimseCommand.CStoreRsp(command, DimseStatus.CannotUnderstand, "C-STORE request without a data set"));
            return;
        }
        var storeRequest = new StoreRequest(
            command.AffectedSopClassUid?.TrimEnd('\0', ' ') ?? "",
            command.AffectedSopInstanceUid?.TrimEnd('\0', ' ') ?? "",
            request.TransferSyntax,
            request.Association.CallingAeTitle);
        var result = await store.StoreAsync(storeRequest, dataSet, cancellationToken);
        if (!result.IsSuccess)
            log?.Invoke($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} store refused calling=\"{request.Association.CallingAeTitle}\" sop_instance={storeRequest.SopInstanceUid} status={StatusOf(result.Status):X4} reason=\"{result.Detail ?? result.ErrorComment}\"");
        await request.RespondAsync(DimseCommand.CStoreRsp(command, StatusOf(result.Status), result.ErrorComment));
        counters?.Store(System.Diagnostics.Stopwatch.GetElapsedTime(started), result.IsSuccess);
    }

    /// <summary>The C-STORE status code for a storage outcome (PS3.4 Table B.2-1, PS3.7 §C.4).</summary>
    public static ushort StatusOf(StoreStatus status) => status switch
    {
        StoreStatus.Success => DimseStatus.Success,
        StoreStatus.OutOfResources => DimseStatus.OutOfResources,
        StoreStatus.DataSetDoesNotMatchSopClass => DimseStatus.DataSetDoesNotMatchSopClass,
        StoreStatus.CannotUnderstand => DimseStatus.CannotUnderstand,
        StoreStatus.DuplicateRejected => DimseStatus.DuplicateSopInstance,
        _ => DimseStatus.ProcessingFailure,
    };
}
