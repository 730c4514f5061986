using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>
/// Where the data set of a Part 10 file lies (PS3.10 §7.1: preamble, "DICM", File Meta Information,
/// then the data set) and in which transfer syntax, found by reading the File Meta Information only.
/// A sender uses it to choose between copying the data set's bytes unparsed (the peer accepted
/// <see cref="TransferSyntax"/>) and streaming them through <see cref="DicomTranscoder"/>.
/// </summary>
/// <param name="TransferSyntax">
/// The syntax the data set's bytes are in: the one (0002,0010) names, except that a file whose meta
/// information says Implicit or Explicit VR Little Endian while its data set starts in the other is
/// reported as it is encoded (DicomFileReader reads such files the same way). A file without meta
/// information gets the syntax its first element shows.
/// </param>
/// <param name="Offset">Byte offset of the data set's first element in the file.</param>
/// <param name="Length">Bytes from <paramref name="Offset"/> to the end of the file (deflated bytes for a deflated syntax).</param>
public sealed record DicomDatasetLocation(DicomTransferSyntax TransferSyntax, long Offset, long Length)
{
    private static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);

    /// <summary>Reads the File Meta Information of the file at <paramref name="path"/> (a few kB, whatever the file's size).</summary>
    /// <exception cref="DicomParseException">The file is too short or its meta information is cut short.</exception>
    public static DicomDatasetLocation Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(stream);
    }

    /// <summary>As <see cref="Read(string)"/>, for a seekable stream holding a Part 10 file from its current position; offsets are from that position, and the stream is left at an unspecified position after it.</summary>
    public static DicomDatasetLocation Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long start = stream.Position;
        long total = stream.Length - start;
        var source = new StreamByteSource(stream, bulkSource: null);
        bool hasMeta = Part10Prefix.Skip(source, out _);

        var meta = new DicomDataset();
        if (hasMeta)
        {
            var reader = new DicomDatasetReader(source, DicomReaderOptions.Default with { FileMetaOnly = true });
            reader.ReadTopLevel(meta, explicitVR: true, bigEndian: false);
            if (reader.Truncated)
                throw new DicomParseException($"the File Meta Information is cut short ({reader.Warnings[^1]})", source.Position);
        }
        long offset = source.Position;
        var syntax = meta.GetString(TransferSyntaxUid) is { Length: > 0 } uid ? DicomTransferSyntax.FromUid(uid) : null;

        Span<byte> first = stackalloc byte[8];
        if (source.Peek(first) == 8 && (syntax == null || syntax == DicomTransferSyntax.ExplicitVRLittleEndian || syntax == DicomTransferSyntax.ImplicitVRLittleEndian))
        {
            bool looksExplicit = DicomVRInfo.FromBytes(first[4], first[5]) != DicomVR.None;
            // Big endian when the first group reads as 00gg rather than gg00 (the groups of a data set are small numbers).
            bool bigEndian = syntax == null && looksExplicit && first[0] == 0 && first[1] != 0;
            syntax = bigEndian ? DicomTransferSyntax.ExplicitVRBigEndian
                : looksExplicit ? DicomTransferSyntax.ExplicitVRLittleEndian
                : DicomTransferSyntax.ImplicitVRLittleEndian;
        }
        return new DicomDatasetLocation(syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian, offset, total - offset);
    }
}
