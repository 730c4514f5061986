using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>
/// Writes DICOM files (PS3.10 §7.1): preamble, "DICM", File Meta Information in Explicit VR Little
/// Endian with its group length recomputed, then the data set in the transfer syntax named by
/// (0002,0010).
/// </summary>
public static class DicomFileWriter
{
    private static readonly DicomTag MetaGroupLength = new(0x0002, 0x0000);
    private static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);

    public static void Write(DicomFile file, string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        Write(file, stream);
    }

    /// <summary>
    /// Writes the file; with <paramref name="transferSyntax"/> the data set is transcoded to it and
    /// (0002,0010) changed to match.
    /// </summary>
    public static void Write(DicomFile file, Stream stream, DicomTransferSyntax? transferSyntax = null)
    {
        var syntax = transferSyntax ?? file.TransferSyntax;
        var meta = file.FileMetaInformation;
        if (meta.Count > 0 || transferSyntax != null)
        {
            if (transferSyntax != null && meta.GetString(TransferSyntaxUid) != transferSyntax.Uid)
            {
                meta = new DicomDataset(meta);
                meta.AddOrUpdate(TransferSyntaxUid, DicomVR.UI, transferSyntax.Uid);
            }
            WriteMeta(stream, meta, file.Preamble);
        }
        DicomDatasetWriter.Write(file.Dataset, stream, syntax);
    }

    /// <summary>Preamble, prefix and group 0002 (PS3.10 §7.1).</summary>
    public static void WriteMeta(Stream stream, DicomDataset meta, byte[]? preamble = null)
    {
        if (meta.Contains(MetaGroupLength))
        {
            // Group Length counts the bytes after its own element (12 bytes: tag, VR, 16-bit length, 4-byte value).
            var rest = new DicomDataset(meta.Where(e => e.Tag != MetaGroupLength));
            uint length = checked((uint)DicomDatasetWriter.MeasureLength(rest, explicitVR: true));
            var current = meta[MetaGroupLength] as DicomValueElement;
            if (current is not { Length: 4 } || current.ReadUInt32(0) != length)
            {
                meta = new DicomDataset(meta);
                meta.AddOrUpdate(MetaGroupLength, DicomVR.UL, length);
            }
        }
        stream.Write(preamble is { Length: 128 } ? preamble : new byte[128]);
        stream.Write("DICM"u8);
        DicomDatasetWriter.Write(meta, stream, explicitVR: true, bigEndian: false);
    }
}
