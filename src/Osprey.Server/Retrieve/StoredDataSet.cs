using System.IO.Pipelines;
using Osprey.Archive.Index;
using Osprey.Archive.Storage;
using Osprey.Dicom.Data;
using Osprey.Dicom.IO;

namespace Osprey.Server.Retrieve;

/// <summary>
/// A stored instance's data set as a C-STORE sub-operation sends it (PS3.4 C.4.2.3, C.4.3.3; DESIGN
/// "sending is the mirror"): the file's data set bytes unparsed when the peer accepted the stored
/// transfer syntax, otherwise transcoded element by element into the accepted one, streamed in both
/// cases so that memory stays bounded whatever the instance's size.
/// </summary>
public static class StoredDataSet
{
    /// <summary>
    /// Opens the data set of <paramref name="instance"/> encoded in <paramref name="transferSyntaxUid"/>.
    /// The caller disposes the stream; a transcoding that fails midway makes its reads throw.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="DicomParseException">The file is not a DICOM file.</exception>
    /// <exception cref="DicomTranscodingNotSupportedException">The stored syntax cannot be turned into the requested one.</exception>
    public static Stream Open(BlobStore blobs, IndexedInstance instance, string transferSyntaxUid)
    {
        var file = new FileStream(blobs.FullPath(instance.File), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        try
        {
            var location = DicomDatasetLocation.Read(file);
            file.Position = location.Offset;
            var target = DicomTransferSyntax.FromUid(transferSyntaxUid);
            if (location.TransferSyntax.Uid == target.Uid) return file;
            if (!DicomTranscoder.CanTranscode(location.TransferSyntax, target))
                throw new DicomTranscodingNotSupportedException(location.TransferSyntax, target);

            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false));
            _ = Task.Run(async () =>
            {
                try
                {
                    await using (var output = pipe.Writer.AsStream(leaveOpen: true))
                        await DicomTranscoder.TranscodeAsync(file, location.TransferSyntax, output, target);
                    await pipe.Writer.CompleteAsync();
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e);
                }
                finally
                {
                    await file.DisposeAsync();
                }
            });
            return pipe.Reader.AsStream();
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>True when the stored syntax can be sent as <paramref name="transferSyntaxUid"/>.</summary>
    public static bool CanSendAs(string storedTransferSyntaxUid, string transferSyntaxUid)
        => storedTransferSyntaxUid == transferSyntaxUid
            || DicomTranscoder.CanTranscode(DicomTransferSyntax.FromUid(storedTransferSyntaxUid), DicomTransferSyntax.FromUid(transferSyntaxUid));
}
