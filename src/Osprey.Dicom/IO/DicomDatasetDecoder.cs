using System.IO.Compression;
using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>
/// Decodes a bare data set — no preamble, no File Meta Information — whose transfer syntax is
/// known beforehand, as in a DIMSE message (PS3.7 §6.3.1: command sets are Implicit VR Little
/// Endian; data sets are in the syntax of their presentation context, PS3.8 §9.3.5.1).
/// </summary>
public static class DicomDatasetDecoder
{
    /// <summary>
    /// Reads the elements of <paramref name="bytes"/> in <paramref name="syntax"/> (inflated first
    /// for a deflated syntax, PS3.5 §A.5). Values are slices of <paramref name="bytes"/>, not
    /// copies: the buffer must stay unchanged while the data set is in use. Throws
    /// <see cref="DicomParseException"/> when the bytes are not a data set in that syntax,
    /// including when the data ends inside an element.
    /// </summary>
    public static DicomDataset Decode(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        if (syntax.IsDeflated) bytes = Inflate(bytes);
        var reader = new DicomDatasetReader(new MemoryByteSource(bytes), DicomReaderOptions.Default);
        var dataset = new DicomDataset();
        reader.ReadTopLevel(dataset, syntax.IsExplicitVR, syntax.IsBigEndian);
        if (reader.Truncated)
            throw new DicomParseException($"the data set is cut short ({reader.Warnings[^1]})", bytes.Length);
        return dataset;
    }

    /// <summary>
    /// Reads the start of a data set — e.g. its header, with <see cref="DicomReaderOptions.StopBeforeTag"/>
    /// at Pixel Data — from the first bytes of a longer one. Returns null when
    /// <paramref name="bytes"/> end inside an element before the stop (more bytes are needed). Not for
    /// deflated syntaxes, whose bytes must be inflated whole.
    /// </summary>
    public static DicomDataset? TryDecodeStart(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax, DicomReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        if (syntax.IsDeflated) throw new ArgumentException("a deflated data set cannot be read from its first bytes", nameof(syntax));
        var reader = new DicomDatasetReader(new MemoryByteSource(bytes), options);
        var dataset = new DicomDataset();
        reader.ReadTopLevel(dataset, syntax.IsExplicitVR, syntax.IsBigEndian);
        return reader.Truncated ? null : dataset;
    }

    private static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> compressed)
    {
        var inflated = new MemoryStream();
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var deflate = new DeflateStream(input, CompressionMode.Decompress);
            deflate.CopyTo(inflated);
        }
        catch (InvalidDataException e)
        {
            throw new DicomParseException($"the deflated data set cannot be inflated: {e.Message}", 0);
        }
        return inflated.GetBuffer().AsMemory(0, (int)inflated.Length);
    }
}
