using System.Buffers;
using System.IO.Pipelines;
using Osprey.Archive.Index;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;

namespace Osprey.Archive.Storage;

/// <summary>
/// Stores instances durably: the one path every instance takes into the archive, whether it arrives
/// by C-STORE (PS3.4 Annex B) or by <c>osprey import</c>.
/// <para>
/// The data set streams into a temporary Part 10 file on the storage volume (File Meta Information
/// first, PS3.10 §7.1, then the data set bytes exactly as received), while the first bytes are kept
/// to read the header (up to Pixel Data) for the index. The file is flushed to disk, checked against
/// the request, renamed into place, and indexed in one transaction; only then is the result success.
/// The index applies the duplicate policy in that transaction and says what it did; a file the index
/// does not keep is deleted. Any failure removes what was written, so nothing is ever half-stored.
/// </para>
/// </summary>
public sealed class ArchiveStore
{
    /// <summary>How much of a data set's start is kept in memory to read its header from.</summary>
    internal const int HeaderBufferSize = 256 * 1024;

    /// <summary>How much written data is handed to the device at a time while a data set arrives.</summary>
    private const long WritebackChunk = 256 * 1024;

    private static readonly DicomReaderOptions HeaderOptions = new() { StopBeforeTag = DicomTags.PixelData };

    private readonly BlobStore _blobs;
    private readonly IArchiveIndex _index;
    private readonly DuplicatePolicy _policy;
    private readonly string _implementationClassUid;
    private readonly string _implementationVersionName;
    private readonly TimeProvider _time;

    public ArchiveStore(BlobStore blobs, IArchiveIndex index, DuplicatePolicy policy, string implementationClassUid, string implementationVersionName, TimeProvider? time = null)
    {
        _blobs = blobs;
        _index = index;
        _policy = policy;
        _implementationClassUid = implementationClassUid;
        _implementationVersionName = implementationVersionName;
        _time = time ?? TimeProvider.System;
    }

    public BlobStore Blobs => _blobs;

    public IArchiveIndex Index => _index;

    /// <summary>
    /// Stores the data set read from <paramref name="dataSet"/> (encoded in the request's transfer
    /// syntax) and reports what became of it. Never throws for bad data or a full disk: those are results.
    /// </summary>
    public async Task<StoreResult> StoreAsync(StoreRequest request, PipeReader dataSet, CancellationToken cancellationToken = default)
    {
        var header = ArrayPool<byte>.Shared.Rent(HeaderBufferSize);
        string? temporary = null;
        try
        {
            long datasetLength;
            int headerLength = 0;
            long fileSize;
            using (var file = _blobs.CreateTemporary())
            {
                temporary = file.Name;
                WriteFileMeta(file, request);
                datasetLength = 0;
                long writtenBack = 0;
                while (true)
                {
                    var read = await dataSet.ReadAsync(cancellationToken);
                    foreach (var segment in read.Buffer)
                    {
                        file.Write(segment.Span);
                        if (headerLength < HeaderBufferSize)
                        {
                            int n = Math.Min(segment.Length, HeaderBufferSize - headerLength);
                            segment.Span[..n].CopyTo(header.AsSpan(headerLength));
                            headerLength += n;
                        }
                        datasetLength += segment.Length;
                    }
                    dataSet.AdvanceTo(read.Buffer.End);
                    if (read.IsCompleted) break;
                    // Large data sets: have the device take what has arrived while the rest is still
                    // coming, so the flush at the end waits for little.
                    long position = file.Position;
                    if (position - writtenBack >= WritebackChunk)
                    {
                        DurableFile.StartWriteback(file.SafeFileHandle, writtenBack, position - writtenBack);
                        writtenBack = position;
                    }
                }
                file.Flush();
                DurableFile.SyncData(file.SafeFileHandle, file.Name);
                fileSize = file.Length;
            }

            var syntax = DicomTransferSyntax.FromUid(request.TransferSyntaxUid);
            DicomDataset dataset;
            try
            {
                dataset = ReadHeader(header.AsMemory(0, headerLength), datasetLength, syntax, temporary);
            }
            catch (DicomParseException e)
            {
                return StoreResult.Failure(StoreStatus.CannotUnderstand, $"Cannot parse data set at byte {e.Offset}: {e.Message}",
                    $"cannot understand the data set ({syntax.Name}): {e.Message}{(e.Tag is { } t ? $" at {t}" : "")}, byte {e.Offset}");
            }

            if (Mismatch(dataset, request) is { } mismatch) return mismatch;
            var study = Uid(dataset, DicomTags.StudyInstanceUID);
            var series = Uid(dataset, DicomTags.SeriesInstanceUID);
            if (study.Length == 0 || series.Length == 0)
            {
                var missing = study.Length == 0 ? "Study Instance UID (0020,000D)" : "Series Instance UID (0020,000E)";
                return StoreResult.Failure(StoreStatus.CannotUnderstand, $"Data set has no {missing}",
                    $"the data set has no {missing}: the archive files every instance under its study and series");
            }

            // What becomes of a duplicate is decided by the index, in the transaction that stores the
            // instance: several nodes may share one index (issue 20), so no lock here could decide it.
            // The file goes into place first under a name no other file has, so whatever the index
            // decides, no stored file is overwritten; the loser's file is deleted once the index said so.
            var relative = _blobs.Commit(temporary, study, request.SopInstanceUid);
            temporary = null;
            StoreOutcome outcome;
            IOException? placementError = null;
            try
            {
                var record = new InstanceRecord(dataset, relative, fileSize, syntax.Uid, request.SourceAeTitle, _time.GetUtcNow());
                // The directory entry and the index transaction go to disk side by side (the index
                // writer has its own thread): both are done before anyone is told the instance is stored.
                var indexed = _index.StoreAsync(record, _policy, cancellationToken);
                try
                {
                    _blobs.SyncPlacement(relative);
                }
                catch (IOException e)
                {
                    placementError = e;
                }
                outcome = await indexed;
            }
            catch
            {
                // The index does not point at the new file: remove it, the stored one stays as it was.
                TryDelete(relative);
                throw;
            }
            switch (outcome.Kind)
            {
                case StoreOutcomeKind.KeptExisting:
                    return Discard(relative, new StoreResult(StoreStatus.Success, null, outcome.Kind, outcome.Existing?.File));
                case StoreOutcomeKind.RejectedDuplicate:
                    return Discard(relative, Duplicate(request, outcome.Existing));
            }
            if (outcome.PreviousFile is { } previous && previous != relative) TryDelete(previous);
            if (placementError != null)
            {
                // File and index agree, but the file's name may not survive a power cut: do not
                // claim it is stored; the sender's retry replaces it.
                return StoreResult.Failure(StoreStatus.OutOfResources, "Out of resources: cannot flush storage; retry",
                    $"the storage directory of {relative} cannot be flushed to disk ({placementError.Message}); the instance is not acknowledged");
            }
            return new StoreResult(StoreStatus.Success, null, outcome.Kind, relative);
        }
        catch (ArchiveIndexException e)
        {
            return StoreResult.Failure(StoreStatus.OutOfResources, "Out of resources: index unavailable; nothing stored",
                $"the index is unavailable ({e.Message}); nothing was stored");
        }
        catch (IOException e) when (IsDiskFull(e))
        {
            return StoreResult.Failure(StoreStatus.OutOfResources, "Out of resources: storage volume full; nothing stored",
                $"the storage volume {_blobs.Root} is full ({e.Message}); nothing was stored. Free space or add storage");
        }
        catch (IOException e)
        {
            return StoreResult.Failure(StoreStatus.OutOfResources, "Out of resources: cannot write storage; nothing stored",
                $"cannot write to the storage volume {_blobs.Root} ({e.Message}); nothing was stored");
        }
        catch (UnauthorizedAccessException e)
        {
            return StoreResult.Failure(StoreStatus.OutOfResources, "Out of resources: storage not writable; nothing stored",
                $"the storage volume {_blobs.Root} is not writable ({e.Message}); nothing was stored");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
            if (temporary != null)
            {
                try { File.Delete(temporary); } catch (IOException) { /* cleaned up at the next start */ }
            }
        }
    }

    /// <summary>
    /// Imports a Part 10 file: its data set takes the same path as a C-STORE, with the transfer
    /// syntax of its File Meta Information and the SOP Class and Instance UIDs of the data set itself,
    /// as a sender such as storescu would put them in its request (the meta's copies when the data set
    /// has none). The stored file gets a new File Meta Information either way.
    /// </summary>
    public async Task<StoreResult> ImportAsync(string path, CancellationToken cancellationToken = default)
    {
        DicomFile head;
        try
        {
            // Up to and including SOP Instance UID (0008,0018).
            head = DicomFile.Open(path, new DicomReaderOptions { StopBeforeTag = new DicomTag(0x0008, 0x0019) });
        }
        catch (DicomParseException e)
        {
            return StoreResult.Failure(StoreStatus.CannotUnderstand, $"Not a DICOM file: {e.Message}", $"not a DICOM file: {e.Message} (byte {e.Offset})");
        }
        var meta = head.FileMetaInformation;
        string sopClass = Uid(head.Dataset, DicomTags.SOPClassUID) is { Length: > 0 } c ? c : Clean(meta.GetString(DicomTags.MediaStorageSOPClassUID));
        string sopInstance = Uid(head.Dataset, DicomTags.SOPInstanceUID) is { Length: > 0 } i ? i : Clean(meta.GetString(DicomTags.MediaStorageSOPInstanceUID));
        var request = new StoreRequest(sopClass, sopInstance, head.TransferSyntax.Uid, Clean(meta.GetString(DicomTags.SourceApplicationEntityTitle)));
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        stream.Position = head.DatasetOffset;
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 256 * 1024, minimumReadSize: 64 * 1024));
        try
        {
            return await StoreAsync(request, reader, cancellationToken);
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private void WriteFileMeta(Stream file, StoreRequest request) =>
        DicomFileWriter.WriteMeta(file, FileMetaInformation.Create(request.SopClassUid, request.SopInstanceUid, request.TransferSyntaxUid,
            _implementationClassUid, _implementationVersionName, request.SourceAeTitle));

    /// <summary>
    /// Reads the header (everything before Pixel Data) from the kept first bytes, or from the written
    /// file when the header is longer than those or the data set is deflated.
    /// </summary>
    private static DicomDataset ReadHeader(ReadOnlyMemory<byte> start, long datasetLength, DicomTransferSyntax syntax, string file)
    {
        if (!syntax.IsDeflated)
        {
            if (DicomDatasetDecoder.TryDecodeStart(start, syntax, HeaderOptions) is { } dataset) return dataset;
            // The whole data set was at hand and still ended inside an element.
            if (start.Length == datasetLength) throw new DicomParseException("the data set ends inside an element", datasetLength);
        }
        var read = DicomFile.Open(file, HeaderOptions);
        if (read.IsTruncated)
            throw new DicomParseException($"the data set is cut short ({read.Warnings.LastOrDefault()})", datasetLength);
        return read.Dataset;
    }

    private static StoreResult? Mismatch(DicomDataset dataset, StoreRequest request)
    {
        var sopClass = Uid(dataset, DicomTags.SOPClassUID);
        var sopInstance = Uid(dataset, DicomTags.SOPInstanceUID);
        if (sopClass != request.SopClassUid)
            return StoreResult.Failure(StoreStatus.DataSetDoesNotMatchSopClass, "SOP Class UID (0008,0016) differs from the request's",
                $"the data set's SOP Class UID (0008,0016) is \"{sopClass}\" but the request's Affected SOP Class UID is \"{request.SopClassUid}\"");
        if (sopInstance != request.SopInstanceUid)
            return StoreResult.Failure(StoreStatus.DataSetDoesNotMatchSopClass, "SOP Instance UID (0008,0018) differs from the request's",
                $"the data set's SOP Instance UID (0008,0018) is \"{sopInstance}\" but the request's Affected SOP Instance UID is \"{request.SopInstanceUid}\"");
        return null;
    }

    private static StoreResult Duplicate(StoreRequest request, StoredInstance? stored)
        => StoreResult.Failure(StoreStatus.DuplicateRejected, "Duplicate SOP Instance; Storage:DuplicatePolicy is reject",
            $"duplicate SOP Instance {request.SopInstanceUid}: already stored"
            + (stored is null ? "" : $" (received {stored.ReceivedAt:u} from \"{stored.SourceAeTitle}\")")
            + " and Storage:DuplicatePolicy is reject");

    private static string Uid(DicomDataset dataset, DicomTag tag) => Clean(dataset.GetString(tag));

    private static string Clean(string? uid) => uid?.TrimEnd('\0', ' ').Trim() ?? "";

    private StoreResult Discard(string relative, StoreResult result)
    {
        TryDelete(relative);
        return result;
    }

    private void TryDelete(string relative)
    {
        try
        {
            _blobs.Delete(relative);
        }
        catch (IOException)
        {
            // Left for `osprey verify` to report as a file the index does not know.
        }
    }

    /// <summary>ENOSPC (28) or EDQUOT (122): the volume or the user's quota is full.</summary>
    internal static bool IsDiskFull(IOException e)
        => e.HResult is 28 or 122 || (e.HResult & 0xFFFF) is 0x70 or 0x27 || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
}
