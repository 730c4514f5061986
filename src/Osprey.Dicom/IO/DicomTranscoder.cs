using System.IO.Compression;
using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>
/// Re-encodes a data set from one transfer syntax to another as it streams from a source to a
/// destination (PS3.5 §10 and Annex A), for sending a stored instance to a peer that did not accept
/// the syntax it is stored in. Memory stays a few small buffers whatever the data set's size: values
/// are copied through in chunks, never held whole.
/// </summary>
/// <remarks>
/// <para>
/// Any syntax may be "transcoded" to itself: the bytes are copied unchanged. Otherwise both syntaxes
/// must be native ones — Implicit VR Little Endian (§A.1), Explicit VR Little Endian (§A.2), Explicit
/// VR Big Endian (§A.3, retired) and Deflated Explicit VR Little Endian (§A.5) — and anything else
/// throws <see cref="DicomTranscodingNotSupportedException"/>: Osprey has no image codec. When the two
/// differ only in deflation the inflated bytes are copied unchanged.
/// </para>
/// <para>
/// When the encoding changes, the data set is re-encoded element by element, and the output looks
/// like this, for these reasons:
/// </para>
/// <list type="bullet">
/// <item>Sequences and items are written with undefined length and delimiters (PS3.5 §7.5.1 allows
/// either). Their encoded length changes with the encoding (explicit headers are longer, values may
/// become UN), and an undefined length needs no look-ahead, so nothing has to be measured first.</item>
/// <item>Group length elements (gggg,0000) are dropped: their values would be wrong after
/// transcoding, and PS3.5 §7.2 retires them outside groups 0000 and 0002.</item>
/// <item>From implicit VR, each VR comes from the data dictionary as PS3.5 §A.1 and PS3.3 resolve the
/// ambiguous ones: private creators LO; unknown and private elements UN (or SQ when they have
/// undefined length, which only a sequence may have); US or SS by Pixel Representation; Pixel Data
/// OB when Bits Allocated is 8 or less and OW otherwise (PS3.5 §8.2 allows OB for such cells in
/// explicit VR syntaxes, and §8 makes an OB value a byte string that no byte order changes: 8-bit
/// pixels then need no swapping in Explicit VR Big Endian, where an 8-bit OW is a known source of
/// scrambled images, and are byte for byte the same in little endian; OW is required above 8 bits);
/// Waveform Data likewise by Waveform Bits Allocated; other "OB or OW" elements OW, as implicit VR
/// encodes them. For the same reason such Pixel Data stored as OW (the same bytes in little endian)
/// is written as OB in Explicit VR Big Endian, which pydicom, for one, reads right where an 8-bit OW
/// would come out scrambled.</item>
/// <item>A value longer than 65534 bytes whose VR has a 16-bit length in explicit VR is written as UN
/// (PS3.5 §6.2.2). UN values are never byte-swapped (PS3.5 §6.2.2) and a UN of undefined length
/// keeps its items in Implicit VR Little Endian, in any syntax.</item>
/// <item>Explicit to implicit VR drops the VRs. When the byte order changes, numbers are reversed by
/// the size PS3.5 §7.3 gives each VR, except that native Pixel Data of 32- or 64-bit cells is
/// reversed cell by cell although its VR is OW: that is how DCMTK writes such data in Explicit VR Big
/// Endian and how pydicom reads it (pydicom's rtdose_expb.dcm is such a file). Text is not
/// re-encoded: the character set does not change.</item>
/// <item>Encapsulated pixel data met in a native syntax is copied fragment by fragment, as OB.</item>
/// </list>
/// </remarks>
public static class DicomTranscoder
{
    private const int BufferSize = 64 * 1024;

    /// <summary>True when a data set in <paramref name="from"/> can be sent in <paramref name="to"/> by <see cref="TranscodeAsync"/>.</summary>
    public static bool CanTranscode(DicomTransferSyntax from, DicomTransferSyntax to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return from.Uid == to.Uid || (IsNative(from) && IsNative(to));
    }

    /// <summary>
    /// Reads a data set (no File Meta Information) in <paramref name="from"/> from
    /// <paramref name="source"/>, from its current position to its end, and writes it to
    /// <paramref name="destination"/> in <paramref name="to"/>. Neither stream is closed or flushed;
    /// nothing is read past the end of the source.
    /// </summary>
    /// <exception cref="DicomTranscodingNotSupportedException"><see cref="CanTranscode"/> is false for the pair.</exception>
    /// <exception cref="DicomParseException">The source is not a data set in <paramref name="from"/> (cut short, or malformed); what was written so far is incomplete.</exception>
    public static async Task TranscodeAsync(Stream source, DicomTransferSyntax from, Stream destination, DicomTransferSyntax to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (!CanTranscode(from, to)) throw new DicomTranscodingNotSupportedException(from, to);

        if (from.Uid == to.Uid)
        {
            await source.CopyToAsync(destination, BufferSize, cancellationToken).ConfigureAwait(false);
            return;
        }

        // PS3.5 §A.5: the deflated syntax is a raw deflate stream (RFC 1951) of the Explicit VR Little Endian encoding.
        var input = from.IsDeflated ? new DeflateStream(source, CompressionMode.Decompress, leaveOpen: true) : source;
        var output = to.IsDeflated ? new DeflateStream(destination, CompressionLevel.Optimal, leaveOpen: true) : destination;
        bool completed = false;
        try
        {
            if (from.IsExplicitVR == to.IsExplicitVR && from.IsBigEndian == to.IsBigEndian)
                await input.CopyToAsync(output, BufferSize, cancellationToken).ConfigureAwait(false);
            else
                await new DatasetTranscoder(input, from, output, to, BufferSize).RunAsync(cancellationToken).ConfigureAwait(false);
            if (output != destination) await output.DisposeAsync().ConfigureAwait(false); // writes the last deflate block
            completed = true;
        }
        catch (InvalidDataException e) when (from.IsDeflated)
        {
            throw new DicomParseException($"the deflated data set cannot be inflated: {e.Message}", 0);
        }
        finally
        {
            if (input != source) await input.DisposeAsync().ConfigureAwait(false);
            if (!completed && output != destination)
            {
                // The transcode failed: the output is incomplete anyway, and closing the compressor must
                // not hide the reason with an error of its own.
                try { await output.DisposeAsync().ConfigureAwait(false); }
                catch (IOException) { }
                catch (ObjectDisposedException) { }
            }
        }
    }

    /// <summary>The syntaxes with native pixel data that Osprey transcodes among (<see cref="DicomTransferSyntax.Uncompressed"/>).</summary>
    private static bool IsNative(DicomTransferSyntax syntax)
    {
        foreach (var s in DicomTransferSyntax.Uncompressed)
            if (s.Uid == syntax.Uid) return true;
        return false;
    }
}
