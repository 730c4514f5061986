using System.Text;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;

namespace Osprey.Dicom.Tests.IO;

public class DicomDatasetReaderTests
{
    private static byte[] A(string s) => Encoding.ASCII.GetBytes(s);

    private static DicomFile ReadBare(byte[] bytes) => DicomFile.Read(bytes);

    [Fact]
    public void Reads_explicit_vr_little_endian_elements_with_short_and_long_lengths()
    {
        var bytes = new ByteBuilder()
            .Short(0x0008, 0x0060, "CS", A("CT"))
            .Short(0x0010, 0x0010, "PN", A("Doe^John"))
            .Short(0x0028, 0x0010, "US", [0x00, 0x02])
            .Long(0x7FE0, 0x0010, "OW", 4).Raw(1, 2, 3, 4)
            .ToArray();
        var file = ReadBare(bytes);
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("CT", file.Dataset.GetString(DicomTags.Modality));
        Assert.Equal("Doe", file.Dataset.GetPersonName(DicomTags.PatientName)!.FamilyName);
        Assert.Equal(512, file.Dataset.GetInt64(DicomTags.Rows));
        Assert.Equal(DicomVR.OW, file.Dataset[DicomTags.PixelData]!.VR);
        Assert.Empty(file.Warnings);
    }

    [Fact]
    public void Reads_implicit_vr_taking_the_vr_from_the_dictionary()
    {
        var bytes = new ByteBuilder()
            .Implicit(0x0008, 0x0060, A("MR"))
            .Implicit(0x0009, 0x0010, A("ACME 1.0"))   // private creator: LO
            .Implicit(0x0009, 0x1001, [1, 2, 3, 4])      // private element: unknown, UN
            .Implicit(0x0028, 0x0010, [0x00, 0x01])
            .ToArray();
        var file = ReadBare(bytes);
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal(DicomVR.CS, file.Dataset[DicomTags.Modality]!.VR);
        Assert.Equal(DicomVR.LO, file.Dataset[new DicomTag(0x0009, 0x0010)]!.VR);
        Assert.Equal(DicomVR.UN, file.Dataset[new DicomTag(0x0009, 0x1001)]!.VR);
        Assert.Equal("ACME 1.0", file.Dataset.GetPrivateCreator(new DicomTag(0x0009, 0x1001)));
        Assert.Equal(256, file.Dataset.GetInt64(DicomTags.Rows));
    }

    [Fact]
    public void Reads_sequences_with_defined_and_undefined_lengths_and_writes_them_back_identically()
    {
        var item1 = new ByteBuilder().Short(0x0008, 0x1150, "UI", A("1.2.3\0")).ToArray();
        var bytes = new ByteBuilder()
            .Long(0x0008, 0x1140, "SQ", 0xFFFFFFFF)
                .Tag(0xFFFE, 0xE000).U32((uint)item1.Length).Raw(item1)          // defined-length item
                .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF).Raw(item1)                  // undefined-length item
                .Tag(0xFFFE, 0xE00D).U32(0)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .Long(0x0040, 0x0275, "SQ", (uint)(8 + item1.Length))                // defined-length sequence
                .Tag(0xFFFE, 0xE000).U32((uint)item1.Length).Raw(item1)
            .ToArray();
        var file = ReadBare(bytes);
        var sq = file.Dataset.GetSequence(DicomTags.ReferencedImageSequence)!;
        Assert.Equal(2, sq.Items.Count);
        Assert.True(sq.UndefinedLength);
        Assert.False(sq.Items[0].UndefinedLength);
        Assert.True(sq.Items[1].UndefinedLength);
        Assert.Equal("1.2.3", sq.Items[1].GetString(DicomTags.ReferencedSOPClassUID));
        Assert.False(file.Dataset.GetSequence(DicomTags.RequestAttributesSequence)!.UndefinedLength);

        var written = new MemoryStream();
        DicomDatasetWriter.Write(file.Dataset, written, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(bytes, written.ToArray());
    }

    [Fact]
    public void Reads_un_of_undefined_length_as_an_implicit_vr_sequence()
    {
        var inner = new ByteBuilder().Implicit(0x0008, 0x0100, A("T-1234")).ToArray();
        var bytes = new ByteBuilder()
            .Long(0x0008, 0x2218, "UN", 0xFFFFFFFF)
                .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF).Raw(inner).Tag(0xFFFE, 0xE00D).U32(0)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .ToArray();
        var file = ReadBare(bytes);
        var sq = file.Dataset.GetSequence(DicomTags.AnatomicRegionSequence)!;
        Assert.True(sq.EncodedAsUnknown);
        Assert.Equal("T-1234", sq.Items[0].GetString(DicomTags.CodeValue));
        var written = new MemoryStream();
        DicomDatasetWriter.Write(file.Dataset, written, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(bytes, written.ToArray());
    }

    [Fact]
    public void Keeps_encapsulated_fragments_intact()
    {
        var bytes = new ByteBuilder()
            .Long(0x7FE0, 0x0010, "OB", 0xFFFFFFFF)
                .Tag(0xFFFE, 0xE000).U32(4).U32(0)             // basic offset table: one frame at 0
                .Tag(0xFFFE, 0xE000).U32(6).Raw(0xFF, 0xD8, 1, 2, 0xFF, 0xD9)
                .Tag(0xFFFE, 0xE000).U32(2).Raw(7, 8)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .ToArray();
        var file = ReadBare(bytes);
        var fragments = Assert.IsType<DicomFragments>(file.Dataset[DicomTags.PixelData]);
        Assert.Equal([0u], fragments.GetOffsets());
        Assert.Equal(2, fragments.Fragments.Count);
        Assert.Equal(new byte[] { 7, 8 }, fragments.Fragments[1].ToArray());
        var written = new MemoryStream();
        DicomDatasetWriter.Write(file.Dataset, written, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(bytes, written.ToArray());
    }

    [Fact]
    public void A_value_longer_than_the_data_is_kept_as_far_as_it_goes()
    {
        var bytes = new ByteBuilder().Short(0x0008, 0x0060, "CS", A("CT")).Tag(0x0010, 0x0010).Ascii("PN").U16(20).Ascii("Doe^J").ToArray();
        var file = ReadBare(bytes);
        Assert.True(file.IsTruncated);
        Assert.Equal("Doe^J", file.Dataset.GetString(DicomTags.PatientName));
        Assert.Contains(file.Warnings, w => w.Contains("(0010,0010)") && w.Contains("5 of its 20 bytes"));
    }

    [Fact]
    public void A_huge_length_on_a_stream_never_sizes_an_allocation()
    {
        // 0xFFFFFFF0 bytes claimed, 10 present, from a stream that cannot tell its length.
        var bytes = new ByteBuilder().Long(0x7FE0, 0x0010, "OB", 0xFFFFFFF0).Raw(new byte[10]).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var file = DicomFile.Read(new NonSeekableStream(bytes));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(file.IsTruncated);
        Assert.Equal(10, file.Dataset[DicomTags.PixelData]!.Length);
        Assert.True(allocated < 8 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    [Fact]
    public void An_element_inside_a_sequence_where_an_item_belongs_fails_with_offset_and_tag()
    {
        var bytes = new ByteBuilder()
            .Long(0x0008, 0x1140, "SQ", 0xFFFFFFFF)
            .Short(0x0008, 0x0060, "CS", A("CT"))
            .ToArray();
        var e = Assert.Throws<DicomParseException>(() => ReadBare(bytes));
        Assert.Equal(12, e.Offset);
        Assert.Equal(DicomTags.Modality, e.Tag);
    }

    [Fact]
    public void Undefined_length_on_a_short_vr_fails_with_offset_and_tag()
    {
        var bytes = new ByteBuilder().Implicit(0x0008, 0x0060, A("CT")).Tag(0x0010, 0x0010).U32(0xFFFFFFFF).ToArray();
        var e = Assert.Throws<DicomParseException>(() => ReadBare(bytes));
        Assert.Equal(10, e.Offset);
        Assert.Equal(DicomTags.PatientName, e.Tag);
    }

    [Fact]
    public void Reads_explicit_vr_big_endian_and_swaps_numbers()
    {
        var bytes = new ByteBuilder(bigEndian: true)
            .Short(0x0008, 0x0060, "CS", A("CT"))
            .Short(0x0028, 0x0010, "US", [0x02, 0x00])
            .Short(0x0028, 0x0030, "DS", A("0.5\\0.5 "))
            .ToArray();
        var file = ReadBare(bytes);
        Assert.Equal(DicomTransferSyntax.ExplicitVRBigEndian, file.TransferSyntax);
        Assert.Equal(512, file.Dataset.GetInt64(DicomTags.Rows));
        Assert.Equal(0.5, file.Dataset.GetDouble(DicomTags.PixelSpacing, 1));
    }

    [Fact]
    public void Stops_before_a_tag_for_header_reads()
    {
        var bytes = new ByteBuilder()
            .Short(0x0008, 0x0060, "CS", A("CT"))
            .Long(0x7FE0, 0x0010, "OW", 4).Raw(1, 2, 3, 4)
            .ToArray();
        var file = DicomFile.Read(bytes, new DicomReaderOptions { StopBeforeTag = DicomTags.PixelData });
        Assert.True(file.Dataset.Contains(DicomTags.Modality));
        Assert.False(file.Dataset.Contains(DicomTags.PixelData));
    }

    private sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
