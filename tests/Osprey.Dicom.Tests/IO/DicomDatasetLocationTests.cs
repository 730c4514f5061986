using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;

namespace Osprey.Dicom.Tests.IO;

public class DicomDatasetLocationTests
{
    private static byte[] WriteFile(DicomTransferSyntax syntax, int pixelBytes = 4)
    {
        var meta = new DicomDataset();
        meta.AddOrUpdate(DicomTags.FileMetaInformationGroupLength, DicomVR.UL, 0u);
        meta.AddOrUpdate(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
        meta.AddOrUpdate(DicomTags.TransferSyntaxUID, DicomVR.UI, syntax.Uid);
        var dataset = new DicomDataset();
        dataset.AddOrUpdate(DicomTags.PatientName, "Doe^Jane");
        dataset.AddOrUpdate(DicomTags.PixelData, DicomVR.OW, new byte[pixelBytes]);
        var stream = new MemoryStream();
        new DicomFile(meta, dataset) { TransferSyntax = syntax }.Save(stream);
        return stream.ToArray();
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2.2")]
    [InlineData("1.2.840.10008.1.2.1.99")]
    [InlineData("1.2.840.10008.1.2.4.50")]
    public void Finds_the_syntax_and_the_bytes_of_the_data_set(string uid)
    {
        var syntax = DicomTransferSyntax.FromUid(uid);
        var bytes = WriteFile(syntax);
        var location = DicomDatasetLocation.Read(new MemoryStream(bytes));
        var file = DicomFile.Read(bytes);
        Assert.Equal(syntax, location.TransferSyntax);
        Assert.Equal(file.DatasetOffset, location.Offset);
        Assert.Equal(bytes.Length - file.DatasetOffset, location.Length);
    }

    [Fact]
    public void Reads_only_the_head_of_a_large_file()
    {
        var bytes = WriteFile(DicomTransferSyntax.ExplicitVRLittleEndian, pixelBytes: 8 * 1024 * 1024);
        var counting = new CountingStream(bytes);
        var location = DicomDatasetLocation.Read(counting);
        Assert.Equal(bytes.Length - location.Offset, location.Length);
        Assert.True(counting.BytesRead <= 64 * 1024, $"read {counting.BytesRead} bytes");
    }

    [Fact]
    public void Reports_the_encoding_a_data_set_is_really_in()
    {
        // The meta information says explicit VR, but the data set is implicit VR (such files exist).
        var meta = new DicomDataset();
        meta.AddOrUpdate(DicomTags.TransferSyntaxUID, DicomVR.UI, DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        var stream = new MemoryStream();
        DicomFileWriter.WriteMeta(stream, meta);
        long offset = stream.Length;
        stream.Write(new ByteBuilder().Implicit(0x0010, 0x0010, "Doe^Jane"u8.ToArray()).ToArray());
        stream.Position = 0;
        var location = DicomDatasetLocation.Read(stream);
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, location.TransferSyntax);
        Assert.Equal(offset, location.Offset);
    }

    [Fact]
    public void A_bare_big_endian_data_set_is_recognised()
    {
        var bytes = new ByteBuilder(bigEndian: true).Short(0x0008, 0x0060, "CS", "MR"u8.ToArray()).ToArray();
        var location = DicomDatasetLocation.Read(new MemoryStream(bytes));
        Assert.Equal(new DicomDatasetLocation(DicomTransferSyntax.ExplicitVRBigEndian, 0, bytes.Length), location);
    }

    [Fact]
    public void Too_few_bytes_fail()
    {
        Assert.Throws<DicomParseException>(() => DicomDatasetLocation.Read(new MemoryStream(new byte[5])));
    }

    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = base.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            int n = base.Read(buffer);
            BytesRead += n;
            return n;
        }
    }
}
