using System.Buffers.Binary;
using System.Text;
using Osprey.Dicom.Data;
using Osprey.Dicom.IO;

namespace Osprey.Dicom.Tests.IO;

/// <summary>
/// A large Pixel Data value streams through the transcoder in chunks: memory stays a few buffers
/// whatever the value's size (here 64 MB; the same loop carries 2 GB).
/// </summary>
public class DicomTranscoderMemoryTests
{
    private const int PixelBytes = 64 * 1024 * 1024;
    private const long AllocationLimit = 8 * 1024 * 1024;

    [Fact]
    public async Task A_64_MB_pixel_data_value_goes_implicit_to_big_endian_to_explicit_little_endian_in_bounded_memory()
    {
        var pixels = new byte[PixelBytes];
        for (int i = 0; i < pixels.Length; i += 2) BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan(i), (ushort)(i * 2654435761u >> 16));
        var header = new ByteBuilder()
            .Implicit(0x0008, 0x0016, Encoding.ASCII.GetBytes("1.2.840.10008.5.1.4.1.1.7\0"))
            .Implicit(0x0028, 0x0010, [0x00, 0x10])
            .Implicit(0x0028, 0x0100, [16, 0])
            .Implicit(0x0028, 0x0103, [0, 0])
            .Tag(0x7FE0, 0x0010).U32(PixelBytes)
            .ToArray();
        var source = new byte[header.Length + PixelBytes];
        header.CopyTo(source, 0);
        pixels.CopyTo(source, header.Length);
        // Outputs land in buffers made beforehand, so that only the transcoder's allocations are counted.
        var bigEndian = new byte[source.Length + 1024];
        var littleEndian = new byte[source.Length + 1024];

        // Warm up: JIT compilation, the dictionary, the buffer pool.
        var small = source.AsSpan(0, header.Length - 8).ToArray();
        await DicomTranscoderFileTests.Transcode(await DicomTranscoderFileTests.Transcode(small, DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRBigEndian),
            DicomTransferSyntax.ExplicitVRBigEndian, DicomTransferSyntax.ExplicitVRLittleEndian);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var bigEndianStream = new MemoryStream(bigEndian);
        var first = DicomTranscoder.TranscodeAsync(new MemoryStream(source, writable: false), DicomTransferSyntax.ImplicitVRLittleEndian,
            bigEndianStream, DicomTransferSyntax.ExplicitVRBigEndian);
        // Memory streams complete every read and write at once, so all of the work (and every allocation) was on this thread.
        Assert.True(first.IsCompletedSuccessfully);
        var littleEndianStream = new MemoryStream(littleEndian);
        var second = DicomTranscoder.TranscodeAsync(new MemoryStream(bigEndian, 0, (int)bigEndianStream.Position, writable: false),
            DicomTransferSyntax.ExplicitVRBigEndian, littleEndianStream, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.True(second.IsCompletedSuccessfully);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        await first;
        await second;

        Assert.True(allocated < AllocationLimit, $"transcoding a {PixelBytes:N0}-byte value twice allocated {allocated:N0} bytes");

        // Big endian: Pixel Data is OW (16-bit cells), each 16-bit number swapped.
        int beLength = (int)bigEndianStream.Position;
        var beHeader = new ByteBuilder(bigEndian: true).Long(0x7FE0, 0x0010, "OW", PixelBytes).ToArray();
        Assert.Equal(beHeader, bigEndian.AsSpan(beLength - PixelBytes - 12, 12).ToArray());
        var bePixels = bigEndian.AsSpan(beLength - PixelBytes, PixelBytes);
        for (int i = 0; i < PixelBytes; i += 2)
            if (bePixels[i] != pixels[i + 1] || bePixels[i + 1] != pixels[i])
                Assert.Fail($"big endian pixel byte {i} is not swapped");

        // Explicit little endian: the original bytes again, behind explicit headers.
        var expected = new ByteBuilder()
            .Short(0x0008, 0x0016, "UI", Encoding.ASCII.GetBytes("1.2.840.10008.5.1.4.1.1.7\0"))
            .Short(0x0028, 0x0010, "US", [0x00, 0x10])
            .Short(0x0028, 0x0100, "US", [16, 0])
            .Short(0x0028, 0x0103, "US", [0, 0])
            .Long(0x7FE0, 0x0010, "OW", PixelBytes)
            .ToArray();
        int leLength = (int)littleEndianStream.Position;
        Assert.Equal(expected.Length + PixelBytes, leLength);
        Assert.Equal(expected, littleEndian.AsSpan(0, expected.Length).ToArray());
        Assert.True(littleEndian.AsSpan(expected.Length, PixelBytes).SequenceEqual(pixels), "the pixel data did not come back unchanged");
    }
}
