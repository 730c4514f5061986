using System.Text;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;

namespace Osprey.Dicom.Tests.IO;

/// <summary>
/// The transcoder byte by byte on small data sets built here: which VR each element gets, what is
/// byte-swapped and what is not, and the form of sequences, against encodings written out by hand
/// from PS3.5 §7.1-7.5.
/// </summary>
public class DicomTranscoderTests
{
    private static readonly DicomTransferSyntax Implicit = DicomTransferSyntax.ImplicitVRLittleEndian;
    private static readonly DicomTransferSyntax ExplicitLE = DicomTransferSyntax.ExplicitVRLittleEndian;
    private static readonly DicomTransferSyntax ExplicitBE = DicomTransferSyntax.ExplicitVRBigEndian;
    private static readonly DicomTransferSyntax Deflated = DicomTransferSyntax.DeflatedExplicitVRLittleEndian;
    private static readonly DicomTransferSyntax JpegBaseline = DicomTransferSyntax.FromUid("1.2.840.10008.1.2.4.50");

    private static Task<byte[]> Transcode(byte[] bytes, DicomTransferSyntax from, DicomTransferSyntax to)
        => DicomTranscoderFileTests.Transcode(bytes, from, to);

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public async Task An_encapsulated_source_is_refused_with_a_clear_exception()
    {
        Assert.False(DicomTranscoder.CanTranscode(JpegBaseline, ExplicitLE));
        var output = new MemoryStream();
        var e = await Assert.ThrowsAsync<DicomTranscodingNotSupportedException>(
            () => DicomTranscoder.TranscodeAsync(new MemoryStream(new byte[64]), JpegBaseline, output, ExplicitLE));
        Assert.Same(JpegBaseline, e.From);
        Assert.Same(ExplicitLE, e.To);
        Assert.Contains("JPEG Baseline", e.Message);
        Assert.Contains("no codec", e.Message);
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public async Task An_encapsulated_target_is_refused_too()
    {
        Assert.False(DicomTranscoder.CanTranscode(Implicit, JpegBaseline));
        await Assert.ThrowsAsync<DicomTranscodingNotSupportedException>(
            () => DicomTranscoder.TranscodeAsync(new MemoryStream(new byte[64]), Implicit, new MemoryStream(), JpegBaseline));
    }

    [Fact]
    public async Task Any_syntax_to_itself_is_a_plain_copy()
    {
        Assert.True(DicomTranscoder.CanTranscode(JpegBaseline, DicomTransferSyntax.FromUid("1.2.840.10008.1.2.4.50")));
        var bytes = new byte[100_000];
        new Random(7).NextBytes(bytes); // not even a data set: nothing is parsed
        Assert.Equal(bytes, await Transcode(bytes, JpegBaseline, JpegBaseline));
        Assert.Equal(bytes, await Transcode(bytes, ExplicitBE, ExplicitBE));
    }

    [Fact]
    public void Every_pair_of_native_syntaxes_can_be_transcoded()
    {
        foreach (var from in DicomTransferSyntax.Uncompressed)
            foreach (var to in DicomTransferSyntax.Uncompressed)
                Assert.True(DicomTranscoder.CanTranscode(from, to), $"{from} -> {to}");
    }

    /// <summary>An implicit VR data set whose VRs the dictionary and earlier attributes decide.</summary>
    private static byte[] ImplicitSample(ushort bitsAllocated) => new ByteBuilder()
        .Implicit(0x0008, 0x0000, [8, 0, 0, 0])                               // group length: dropped
        .Implicit(0x0008, 0x0016, Ascii("1.2.3\0"))                            // UI
        .Implicit(0x0009, 0x0010, Ascii("ACME 1.0"))                           // private creator: LO
        .Implicit(0x0009, 0x1001, [1, 2, 3, 4])                                // private: UN
        .Implicit(0x0028, 0x0100, [(byte)bitsAllocated, 0])                    // Bits Allocated: US
        .Implicit(0x0028, 0x0103, [1, 0])                                      // Pixel Representation 1 (signed)
        .Implicit(0x0028, 0x0106, [0xFE, 0xFF])                                // Smallest Image Pixel Value, US or SS: SS
        .Implicit(0x7FE0, 0x0010, [1, 2, 3, 4])                                // Pixel Data: OB for 8 bits, OW above
        .ToArray();

    [Fact]
    public async Task Implicit_to_explicit_little_endian_takes_each_vr_from_the_dictionary()
    {
        var expected = new ByteBuilder()
            .Short(0x0008, 0x0016, "UI", Ascii("1.2.3\0"))
            .Short(0x0009, 0x0010, "LO", Ascii("ACME 1.0"))
            .Long(0x0009, 0x1001, "UN", 4).Raw(1, 2, 3, 4)
            .Short(0x0028, 0x0100, "US", [8, 0])
            .Short(0x0028, 0x0103, "US", [1, 0])
            .Short(0x0028, 0x0106, "SS", [0xFE, 0xFF])
            .Long(0x7FE0, 0x0010, "OB", 4).Raw(1, 2, 3, 4)
            .ToArray();
        Assert.Equal(expected, await Transcode(ImplicitSample(8), Implicit, ExplicitLE));
    }

    [Fact]
    public async Task Implicit_to_explicit_big_endian_swaps_numbers_but_not_bytes_strings_or_UN()
    {
        var expected = new ByteBuilder(bigEndian: true)
            .Short(0x0008, 0x0016, "UI", Ascii("1.2.3\0"))
            .Short(0x0009, 0x0010, "LO", Ascii("ACME 1.0"))
            .Long(0x0009, 0x1001, "UN", 4).Raw(1, 2, 3, 4)      // PS3.5 §6.2.2: UN is never swapped
            .Short(0x0028, 0x0100, "US", [0, 8])
            .Short(0x0028, 0x0103, "US", [0, 1])
            .Short(0x0028, 0x0106, "SS", [0xFF, 0xFE])
            .Long(0x7FE0, 0x0010, "OB", 4).Raw(1, 2, 3, 4)      // 8-bit cells as OB: a byte string, not swapped
            .ToArray();
        Assert.Equal(expected, await Transcode(ImplicitSample(8), Implicit, ExplicitBE));
    }

    [Fact]
    public async Task Pixel_data_of_16_bit_cells_becomes_OW_and_is_swapped_for_big_endian()
    {
        var output = await Transcode(ImplicitSample(16), Implicit, ExplicitBE);
        var expectedEnd = new ByteBuilder(bigEndian: true).Long(0x7FE0, 0x0010, "OW", 4).Raw(2, 1, 4, 3).ToArray();
        Assert.Equal(expectedEnd, output[^expectedEnd.Length..]);
    }

    [Fact]
    public async Task Pixel_data_of_8_bit_cells_stored_as_OW_goes_into_big_endian_as_OB_unswapped()
    {
        var source = new ByteBuilder()
            .Short(0x0028, 0x0100, "US", [8, 0])
            .Long(0x7FE0, 0x0010, "OW", 4).Raw(1, 2, 3, 4)
            .ToArray();
        var expected = new ByteBuilder(bigEndian: true)
            .Short(0x0028, 0x0100, "US", [0, 8])
            .Long(0x7FE0, 0x0010, "OB", 4).Raw(1, 2, 3, 4)
            .ToArray();
        Assert.Equal(expected, await Transcode(source, ExplicitLE, ExplicitBE));
    }

    [Fact]
    public async Task Big_endian_pixel_data_of_32_bit_cells_is_swapped_cell_by_cell()
    {
        // As DCMTK writes it and pydicom reads it: each 32-bit cell big endian, although the VR is OW.
        var source = new ByteBuilder(bigEndian: true)
            .Short(0x0028, 0x0100, "US", [0, 32])
            .Long(0x7FE0, 0x0010, "OW", 8).Raw(0x00, 0x01, 0x02, 0x03, 0x10, 0x11, 0x12, 0x13)
            .ToArray();
        var expected = new ByteBuilder()
            .Implicit(0x0028, 0x0100, [32, 0])
            .Implicit(0x7FE0, 0x0010, [0x03, 0x02, 0x01, 0x00, 0x13, 0x12, 0x11, 0x10])
            .ToArray();
        Assert.Equal(expected, await Transcode(source, ExplicitBE, Implicit));
        Assert.Equal(source, await Transcode(expected, Implicit, ExplicitBE));
    }

    [Fact]
    public async Task A_value_too_long_for_a_16_bit_length_is_written_as_UN_and_left_unswapped()
    {
        var matrix = new byte[70_000]; // Acquisition Matrix is US: 35,000 numbers
        for (int i = 0; i < matrix.Length; i++) matrix[i] = (byte)(i * 7);
        var source = new ByteBuilder().Implicit(0x0018, 0x1310, matrix).Implicit(0x0028, 0x0010, [0, 2]).ToArray();

        foreach (var target in new[] { ExplicitLE, ExplicitBE })
        {
            var expected = new ByteBuilder(target.IsBigEndian)
                .Long(0x0018, 0x1310, "UN", (uint)matrix.Length).Raw(matrix)
                .Short(0x0028, 0x0010, "US", target.IsBigEndian ? [2, 0] : [0, 2])
                .ToArray();
            Assert.Equal(expected, await Transcode(source, Implicit, target));
        }
    }

    [Fact]
    public async Task Nested_sequences_and_items_of_defined_length_come_out_with_undefined_length()
    {
        // (0040,0275) Request Attributes Sequence > item > (0040,0008) Scheduled Protocol Code Sequence > item > (0008,0100) Code Value.
        var innerItem = new ByteBuilder().Implicit(0x0008, 0x0100, Ascii("T1")).ToArray();
        var innerSequence = new ByteBuilder().Tag(0xFFFE, 0xE000).U32((uint)innerItem.Length).Raw(innerItem).ToArray();
        var outerItem = new ByteBuilder().Implicit(0x0040, 0x0008, innerSequence).ToArray();
        var outerSequence = new ByteBuilder().Tag(0xFFFE, 0xE000).U32((uint)outerItem.Length).Raw(outerItem).ToArray();
        var source = new ByteBuilder().Implicit(0x0040, 0x0275, outerSequence).Implicit(0x0040, 0x1001, Ascii("RP1 ")).ToArray();

        foreach (var target in new[] { ExplicitLE, ExplicitBE })
        {
            var expected = new ByteBuilder(target.IsBigEndian)
                .Long(0x0040, 0x0275, "SQ", 0xFFFFFFFF)
                .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)
                .Long(0x0040, 0x0008, "SQ", 0xFFFFFFFF)
                .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)
                .Short(0x0008, 0x0100, "SH", Ascii("T1"))
                .Tag(0xFFFE, 0xE00D).U32(0)
                .Tag(0xFFFE, 0xE0DD).U32(0)
                .Tag(0xFFFE, 0xE00D).U32(0)
                .Tag(0xFFFE, 0xE0DD).U32(0)
                .Short(0x0040, 0x1001, "SH", Ascii("RP1 "))
                .ToArray();
            var output = await Transcode(source, Implicit, target);
            Assert.Equal(expected, output);
            // And back: the same data set as the source.
            var back = DicomDatasetDecoder.Decode(await Transcode(output, target, Implicit), Implicit);
            Assert.Empty(DatasetComparison.Compare(DicomDatasetDecoder.Decode(source, Implicit), back, vrMayBeLost: false));
        }
    }

    [Fact]
    public async Task Explicit_big_endian_to_implicit_drops_vrs_and_swaps_each_number_by_its_vr()
    {
        var source = new ByteBuilder(bigEndian: true)
            .Short(0x0008, 0x0060, "CS", Ascii("MR"))
            .Short(0x0018, 0x1063, "DS", Ascii("33.3"))
            .Short(0x0020, 0x9165, "AT", [0x00, 0x18, 0x10, 0x63])                       // (0018,1063) as two 16-bit numbers
            .Short(0x0028, 0x0010, "US", [0x01, 0x02])
            .Short(0x0028, 0x9001, "UL", [0x01, 0x02, 0x03, 0x04])
            .Short(0x0040, 0x9224, "FD", [0x40, 0x0A, 0, 0, 0, 0, 0, 0])                    // 3.25
            .Long(0x0043, 0x1001, "UN", 4).Raw(9, 8, 7, 6)
            .Long(0x7FE0, 0x0010, "OW", 4).Raw(0x12, 0x34, 0x56, 0x78)
            .ToArray();
        var expected = new ByteBuilder()
            .Implicit(0x0008, 0x0060, Ascii("MR"))
            .Implicit(0x0018, 0x1063, Ascii("33.3"))
            .Implicit(0x0020, 0x9165, [0x18, 0x00, 0x63, 0x10])
            .Implicit(0x0028, 0x0010, [0x02, 0x01])
            .Implicit(0x0028, 0x9001, [0x04, 0x03, 0x02, 0x01])
            .Implicit(0x0040, 0x9224, [0, 0, 0, 0, 0, 0, 0x0A, 0x40])
            .Implicit(0x0043, 0x1001, [9, 8, 7, 6])
            .Implicit(0x7FE0, 0x0010, [0x34, 0x12, 0x78, 0x56])
            .ToArray();
        Assert.Equal(expected, await Transcode(source, ExplicitBE, Implicit));
    }

    [Fact]
    public async Task A_UN_sequence_keeps_its_items_in_implicit_little_endian_inside_big_endian()
    {
        // PS3.5 §6.2.2: the value of a UN of undefined length is an Implicit VR Little Endian sequence.
        var items = new ByteBuilder()
            .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)
            .Implicit(0x0043, 0x0010, Ascii("ACME"))
            .Tag(0xFFFE, 0xE00D).U32(0)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .ToArray();
        var source = new ByteBuilder().Long(0x0043, 0x1002, "UN", 0xFFFFFFFF).Raw(items).ToArray();
        var expected = new ByteBuilder(bigEndian: true).Long(0x0043, 0x1002, "UN", 0xFFFFFFFF).Raw(items).ToArray();
        Assert.Equal(expected, await Transcode(source, ExplicitLE, ExplicitBE));
        Assert.Equal(source, await Transcode(expected, ExplicitBE, ExplicitLE));
    }

    [Fact]
    public async Task Group_lengths_are_dropped_at_every_level()
    {
        var item = new ByteBuilder().Implicit(0x0008, 0x0000, [10, 0, 0, 0]).Implicit(0x0008, 0x1150, Ascii("1.2\0")).ToArray();
        var source = new ByteBuilder()
            .Implicit(0x0008, 0x0000, [30, 0, 0, 0])
            .Implicit(0x0008, 0x1140, new ByteBuilder().Tag(0xFFFE, 0xE000).U32((uint)item.Length).Raw(item).ToArray())
            .ToArray();
        var output = DicomDatasetDecoder.Decode(await Transcode(source, Implicit, ExplicitLE), ExplicitLE);
        Assert.Equal([DicomTags.ReferencedImageSequence], output.Select(e => e.Tag));
        Assert.Equal([DicomTags.ReferencedSOPClassUID], output.GetSequence(DicomTags.ReferencedImageSequence)!.Items[0].Select(e => e.Tag));
    }

    [Fact]
    public async Task A_data_set_cut_short_fails_with_the_offset_and_tag()
    {
        var source = new ByteBuilder().Implicit(0x0010, 0x0010, Ascii("Doe^Jane")).Tag(0x7FE0, 0x0010).U32(1000).Raw(new byte[10]).ToArray();
        var e = await Assert.ThrowsAsync<DicomParseException>(() => Transcode(source, Implicit, ExplicitLE));
        Assert.Equal(DicomTags.PixelData, e.Tag);
        Assert.Equal(16, e.Offset);
        Assert.Contains("10 of its 1000 bytes", e.Message);

        var unterminated = new ByteBuilder().Tag(0x0008, 0x1140).U32(0xFFFFFFFF).Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF).ToArray();
        await Assert.ThrowsAsync<DicomParseException>(() => Transcode(unterminated, Implicit, ExplicitLE));
    }

    [Fact]
    public async Task A_deflated_source_that_is_not_deflate_data_fails_as_a_parse_error()
    {
        var e = await Assert.ThrowsAsync<DicomParseException>(() => Transcode(Enumerable.Repeat((byte)0xFF, 64).ToArray(), Deflated, Implicit));
        Assert.Contains("inflated", e.Message);
    }

    [Fact]
    public async Task Deflated_output_is_a_raw_deflate_stream_of_explicit_little_endian()
    {
        var output = await Transcode(ImplicitSample(16), Implicit, Deflated);
        using var inflate = new System.IO.Compression.DeflateStream(new MemoryStream(output), System.IO.Compression.CompressionMode.Decompress);
        var inflated = new MemoryStream();
        inflate.CopyTo(inflated);
        Assert.Equal(await Transcode(ImplicitSample(16), Implicit, ExplicitLE), inflated.ToArray());
    }

    [Fact]
    public async Task Cancellation_stops_the_transcode()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DicomTranscoder.TranscodeAsync(
            new MemoryStream(ImplicitSample(8)), Implicit, new MemoryStream(), ExplicitLE, cancelled.Token));
    }
}
