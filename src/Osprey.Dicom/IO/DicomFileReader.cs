using System.IO.Compression;
using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>
/// Reads DICOM files (PS3.10 §7.1): preamble and "DICM" prefix when present, the File Meta
/// Information in Explicit VR Little Endian, then the data set in its transfer syntax — inflated
/// first for Deflated Explicit VR Little Endian (PS3.5 §A.5). A file with neither preamble nor meta
/// information is read as a bare data set whose encoding is guessed from its first element.
/// </summary>
public static class DicomFileReader
{
    /// <summary>Files up to this size are read into memory whole and parsed without copying values.</summary>
    public const long InMemoryLimit = 4 * 1024 * 1024;

    private static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);

    public static DicomFile Read(string path, DicomReaderOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        if (stream.Length <= InMemoryLimit)
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return Read(bytes, options);
        }
        return Read(stream, new FileBulkDataSource(path), options);
    }

    public static DicomFile Read(ReadOnlyMemory<byte> bytes, DicomReaderOptions? options = null)
        => Read(new MemoryByteSource(bytes), options ?? DicomReaderOptions.Default);

    /// <summary>
    /// Reads from a stream. When the stream can seek and <paramref name="bulkSource"/> can open the
    /// same bytes again, large values are left on it as bulk data references.
    /// </summary>
    public static DicomFile Read(Stream stream, IBulkDataSource? bulkSource, DicomReaderOptions? options = null)
        => Read(new StreamByteSource(stream, bulkSource, stream.CanSeek ? stream.Position : 0), options ?? DicomReaderOptions.Default);

    private static DicomFile Read(ByteSource source, DicomReaderOptions options)
    {
        var warnings = new List<string>();
        var meta = new DicomDataset();
        bool hasMeta = Part10Prefix.Skip(source, out var preamble);

        bool truncated = false;
        if (hasMeta)
        {
            var metaReader = new DicomDatasetReader(source, options with { StopBeforeTag = null, FileMetaOnly = true });
            metaReader.ReadTopLevel(meta, explicitVR: true, bigEndian: false);
            warnings.AddRange(metaReader.Warnings);
            truncated = metaReader.Truncated;
        }

        var file = new DicomFile(meta, new DicomDataset()) { Preamble = preamble };
        var tsUid = meta.GetString(TransferSyntaxUid);
        var syntax = tsUid != null ? DicomTransferSyntax.FromUid(tsUid) : null;
        file.DatasetOffset = source.Position;

        if (!truncated)
        {
            if (syntax is { IsDeflated: true })
                source = Inflate(source);
            bool explicitVR = syntax?.IsExplicitVR ?? true;
            bool bigEndian = syntax?.IsBigEndian ?? false;
            // Check the first element: some files lie about implicit/explicit VR, and bare data sets say nothing.
            Span<byte> first = stackalloc byte[8];
            if (source.Peek(first) == 8)
            {
                bool looksExplicit = LooksLikeExplicitVR(first);
                if (syntax == null)
                {
                    // A bare data set: VR as its first element shows; big endian when its first group
                    // reads as 00gg rather than gg00 (the groups of a data set are small numbers).
                    explicitVR = looksExplicit;
                    bigEndian = looksExplicit && first[0] == 0 && first[1] != 0;
                }
                else if (explicitVR != looksExplicit && !syntax.IsBigEndian)
                {
                    warnings.Add($"at byte {source.Position}: the transfer syntax says {(explicitVR ? "explicit" : "implicit")} VR but the data set is {(looksExplicit ? "explicit" : "implicit")} VR; read as found");
                    explicitVR = looksExplicit;
                }
            }
            syntax ??= bigEndian ? DicomTransferSyntax.ExplicitVRBigEndian : explicitVR ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
            var reader = new DicomDatasetReader(source, options);
            reader.ReadTopLevel(file.Dataset, explicitVR, bigEndian);
            warnings.AddRange(reader.Warnings);
            truncated = reader.Truncated;
        }
        file.TransferSyntax = syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian;
        file.IsTruncated = truncated;
        file.Warnings = warnings;
        return file;
    }

    /// <summary>Two upper-case letters that name a VR at bytes 4-5 of the first element.</summary>
    private static bool LooksLikeExplicitVR(ReadOnlySpan<byte> element)
        => DicomVRInfo.FromBytes(element[4], element[5]) != DicomVR.None;

    /// <summary>The rest of the source is a raw deflate stream (RFC 1951, no zlib header: PS3.5 §A.5).</summary>
    private static ByteSource Inflate(ByteSource source)
    {
        long offset = source.Position;
        var compressed = new MemoryStream();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int n = source.Peek(buffer);
            if (n == 0) break;
            compressed.Write(buffer, 0, n);
            source.Advance(n);
        }
        compressed.Position = 0;
        var inflated = new MemoryStream();
        try
        {
            using var deflate = new DeflateStream(compressed, CompressionMode.Decompress);
            deflate.CopyTo(inflated);
        }
        catch (InvalidDataException e)
        {
            throw new DicomParseException($"the deflated data set cannot be inflated: {e.Message}", offset);
        }
        return new MemoryByteSource(inflated.GetBuffer().AsMemory(0, (int)inflated.Length));
    }
}
