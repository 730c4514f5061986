using Osprey.Archive.Index;
using Osprey.Dicom.Data;
using Osprey.Network.Dimse;
using Osprey.Network.Services;
using Osprey.Server.Services;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Server.Retrieve;

/// <summary>
/// The C-STORE sub-operations of one C-MOVE or C-GET (PS3.4 C.4.2.3, C.4.3.3): each instance sent in
/// turn, a pending response after each with the Number of Remaining, Completed, Failed and Warning
/// Sub-operations, and the final response: Success when all completed, B000 when some failed or
/// warned, A702 when every one failed, FE00 when a C-CANCEL stopped them (the remaining count then
/// says how many were never attempted); every response after a failure lists the Failed SOP Instance
/// UID List (0008,0058) in its data set, as C.4.2.1.4.2 asks of the final one.
/// </summary>
internal sealed class SubOperationRun(DimseRequest request, IReadOnlyList<IndexedInstance> instances, bool isMove)
{
    private readonly List<string> _failedUids = [];
    private int _completed, _failed, _warning;

    /// <summary>The failure of the whole run, when there is one to report instead of per-instance failures (e.g. the destination cannot be reached).</summary>
    public string? ErrorComment { get; set; }

    /// <summary>
    /// Runs <paramref name="send"/> for each instance (it returns the C-STORE-RSP status, or throws for
    /// a sub-operation that could not be done) and answers the request. A cancelled token stops the run
    /// between sub-operations, never in the middle of one.
    /// </summary>
    public async Task RunAsync(Func<IndexedInstance, Task<ushort>> send, Action<IndexedInstance, string>? failed, CancellationToken cancellationToken)
    {
        int next = 0;
        for (; next < instances.Count; next++)
        {
            if (cancellationToken.IsCancellationRequested) break;
            var instance = instances[next];
            ushort status;
            try
            {
                status = await send(instance);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Fail(instance);
                failed?.Invoke(instance, e.Message);
                await PendingAsync(instances.Count - next - 1);
                continue;
            }
            switch (DimseStatus.Categorize(status))
            {
                case DimseStatusCategory.Success: _completed++; break;
                case DimseStatusCategory.Warning: _warning++; break;
                default:
                    Fail(instance);
                    failed?.Invoke(instance, $"the destination answered status {status:X4}");
                    break;
            }
            await PendingAsync(instances.Count - next - 1);
        }

        if (next < instances.Count)
        {
            await RespondAsync(DimseStatus.Cancel, instances.Count - next, null);
            return;
        }
        ushort final = _failed == 0 && _warning == 0 ? DimseStatus.Success
            : _failed == instances.Count ? DimseStatus.OutOfResourcesUnableToPerformSubOperations
            : DimseStatus.SubOperationsCompleteWithFailures;
        await RespondAsync(final, null, final == DimseStatus.Success ? null : ErrorComment);
    }

    /// <summary>Every instance failed without being attempted (the destination cannot be reached).</summary>
    public Task FailAllAsync(string errorComment)
    {
        foreach (var instance in instances) Fail(instance);
        ErrorComment = errorComment;
        return RespondAsync(DimseStatus.OutOfResourcesUnableToPerformSubOperations, null, errorComment);
    }

    private void Fail(IndexedInstance instance)
    {
        _failed++;
        _failedUids.Add(instance.SopInstanceUid);
    }

    private Task PendingAsync(int remaining)
        => remaining == 0 ? Task.CompletedTask : RespondAsync(DimseStatus.Pending, remaining, null);

    private Task RespondAsync(ushort status, int? remaining, string? errorComment)
    {
        var response = isMove
            ? DimseCommand.CMoveRsp(request.Command, status, Count(remaining), Count(_completed), Count(_failed), Count(_warning))
            : DimseCommand.CGetRsp(request.Command, status, Count(remaining), Count(_completed), Count(_failed), Count(_warning));
        if (errorComment != null) response.ErrorComment = QueryIdentifier.Shorten(errorComment);
        byte[]? failedList = null;
        if (_failedUids.Count > 0 && status != DimseStatus.Pending)
        {
            var identifier = new DicomDataset();
            identifier.AddOrUpdate(T.FailedSOPInstanceUIDList, [.. _failedUids]);
            failedList = QueryIdentifier.Encode(identifier, request.TransferSyntax);
        }
        return failedList is null ? request.RespondAsync(response) : request.RespondAsync(response, failedList);
    }

    // The final response of a run that was not cancelled leaves Number of Remaining Sub-operations out (PS3.4 C.4.2.1.6).
    private static ushort? Count(int? n) => n is { } v ? (ushort)Math.Min(v, ushort.MaxValue) : null;
}
