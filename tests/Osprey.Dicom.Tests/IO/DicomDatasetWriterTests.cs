using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;

namespace Osprey.Dicom.Tests.IO;

public class DicomDatasetWriterTests
{
    private static DicomDataset Sample()
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTags.SOPInstanceUID, "1.2.3.4");             // odd length: padded with NUL
        ds.AddOrUpdate(DicomTags.PatientName, "Doe^Jane");
        ds.AddOrUpdate(DicomTags.Modality, "MR ");
        ds.AddOrUpdate<ushort>(DicomTags.Rows, DicomVR.US, 512);
        ds.AddOrUpdate<uint>(DicomTags.SimpleFrameList, DicomVR.UL, 1, 70000);
        ds.AddOrUpdate<double>(DicomTags.RealWorldValueSlope, DicomVR.FD, 3.25);
        ds.AddOrUpdate<float>(DicomTags.RecommendedDisplayFrameRateInFloat, DicomVR.FL, 29.97f);
        ds.AddOrUpdate<long>(DicomTags.SelectorSVValue, DicomVR.SV, -5);
        ds.AddOrUpdate<ushort>(DicomTags.FrameIncrementPointer, DicomVR.AT, 0x0018, 0x1063);
        ds.AddOrUpdate<ushort>(DicomTags.PixelData, DicomVR.OW, 1, 2, 0x0300);
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTags.CodeValue, "T-1");
        ds.AddOrUpdate(new DicomSequence(DicomTags.AnatomicRegionSequence, [item]));
        return ds;
    }

    [Fact]
    public void Values_set_through_the_api_are_padded_to_even_length()
    {
        var ds = Sample();
        Assert.Equal(8, ds[DicomTags.SOPInstanceUID]!.Length);
        Assert.Equal((byte)0, ((DicomValueElement)ds[DicomTags.SOPInstanceUID]!).Value.Memory.Span[^1]);
        Assert.Equal("1.2.3.4", ds.GetString(DicomTags.SOPInstanceUID));
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2.2")]
    [InlineData("1.2.840.10008.1.2.1.99")]
    public void Every_binary_vr_reads_back_the_same_numbers_in_every_uncompressed_syntax(string uid)
    {
        var syntax = DicomTransferSyntax.FromUid(uid);
        var meta = new DicomDataset();
        meta.AddOrUpdate(DicomTags.TransferSyntaxUID, DicomVR.UI, uid);
        var file = new DicomFile(meta, Sample()) { TransferSyntax = syntax };
        var bytes = new MemoryStream();
        file.Save(bytes);
        var read = DicomFile.Read(bytes.ToArray()).Dataset;

        Assert.Equal(512, read.GetInt64(DicomTags.Rows));
        Assert.Equal(70000, read.GetInt64(DicomTags.SimpleFrameList, 1));
        Assert.Equal(3.25, read.GetDouble(DicomTags.RealWorldValueSlope));
        Assert.Equal(29.97f, (float)read.GetDouble(DicomTags.RecommendedDisplayFrameRateInFloat)!.Value);
        Assert.Equal(-5, read.GetInt64(DicomTags.SelectorSVValue));
        Assert.Equal([DicomTags.FrameTime], ((DicomValueElement)read[DicomTags.FrameIncrementPointer]!).GetTags());
        Assert.Equal(new ushort[] { 1, 2, 0x0300 }, ((DicomValueElement)read[DicomTags.PixelData]!).GetValues<ushort>());
        Assert.Equal("T-1", read.GetSequence(DicomTags.AnatomicRegionSequence)!.Items[0].GetString(DicomTags.CodeValue));
        Assert.Equal("Doe^Jane", read.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Big_endian_words_are_swapped_on_the_wire()
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate<ushort>(DicomTags.Rows, DicomVR.US, 0x0102);
        var bytes = new MemoryStream();
        DicomDatasetWriter.Write(ds, bytes, DicomTransferSyntax.ExplicitVRBigEndian);
        Assert.Equal(new byte[] { 0x00, 0x28, 0x00, 0x10, (byte)'U', (byte)'S', 0x00, 0x02, 0x01, 0x02 }, bytes.ToArray());
    }

    [Fact]
    public void A_short_vr_value_too_long_for_16_bits_is_written_as_UN_in_explicit_vr()
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(new DicomValueElement(DicomTags.ImageComments, DicomVR.LT, new byte[70000]));
        var bytes = new MemoryStream();
        DicomDatasetWriter.Write(ds, bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal("UN", System.Text.Encoding.ASCII.GetString(bytes.ToArray(), 4, 2));
        Assert.Equal(70000, DicomFile.Read(bytes.ToArray()).Dataset[DicomTags.ImageComments]!.Length);
    }

    [Fact]
    public void Large_files_are_parsed_with_pixel_data_left_on_disk_and_copied_back_exactly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"osprey-bulk-{Guid.NewGuid():N}.dcm");
        var copy = path + ".copy";
        try
        {
            var pixels = new byte[12 * 1024 * 1024];
            new Random(7).NextBytes(pixels);
            var meta = new DicomDataset();
            meta.AddOrUpdate(DicomTags.TransferSyntaxUID, DicomVR.UI, DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
            var ds = Sample();
            ds.AddOrUpdate(new DicomValueElement(DicomTags.PixelData, DicomVR.OW, pixels));
            new DicomFile(meta, ds).Save(path);

            var file = DicomFile.Open(path);
            var pixelData = (DicomValueElement)file.Dataset[DicomTags.PixelData]!;
            Assert.False(pixelData.Value.IsInMemory);
            Assert.Equal(pixels.Length, pixelData.Length);
            file.Save(copy);
            Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(copy));
        }
        finally
        {
            File.Delete(path);
            File.Delete(copy);
        }
    }
}
