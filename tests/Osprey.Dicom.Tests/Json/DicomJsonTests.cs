using System.Text.Json.Nodes;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.Json;

namespace Osprey.Dicom.Tests.Json;

public class DicomJsonTests
{
    private static DicomDataset Sample()
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 192");
        ds.AddOrUpdate(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "");
        ds.AddOrUpdate(DicomTags.PatientName, "Müller^Hans=ミュラー^ハンス=");
        ds.AddOrUpdate(DicomTags.PixelSpacing, "0.5", "0.25");
        ds.AddOrUpdate(DicomTags.InstanceNumber, "12");
        ds.AddOrUpdate<ushort>(DicomTags.Rows, DicomVR.US, 512);
        ds.AddOrUpdate<double>(DicomTags.RealWorldValueSlope, DicomVR.FD, 1.5);
        ds.AddOrUpdate<ushort>(DicomTags.FrameIncrementPointer, DicomVR.AT, 0x0018, 0x1063);
        ds.AddOrUpdate<byte>(DicomTags.EncapsulatedDocument, DicomVR.OB, 1, 2, 3, 4);
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTags.CodeValue, "T-1");
        ds.AddOrUpdate(new DicomSequence(DicomTags.AnatomicRegionSequence, [item, new DicomDataset()]));
        return ds;
    }

    [Fact]
    public void Writes_the_ps3_18_annex_f_shapes()
    {
        var json = JsonNode.Parse(DicomJsonWriter.Serialize(Sample()))!.AsObject();
        Assert.Equal("PN", (string?)json["00100010"]!["vr"]);
        var pn = json["00100010"]!["Value"]![0]!;
        Assert.Equal("Müller^Hans", (string?)pn["Alphabetic"]);
        Assert.Equal("ミュラー^ハンス", (string?)pn["Ideographic"]);
        Assert.Null(pn["Phonetic"]);
        Assert.Equal(0.25, (double)json["00280030"]!["Value"]![1]!);
        Assert.Equal(12, (long)json["00200013"]!["Value"]![0]!);
        Assert.Equal(512, (long)json["00280010"]!["Value"]![0]!);
        Assert.Equal("00181063", (string?)json["00280009"]!["Value"]![0]);
        Assert.Equal("AQIDBA==", (string?)json["00420011"]!["InlineBinary"]);
        Assert.Null(json["00080008"]!["Value"]![2]); // an empty value is null (PS3.18 §F.2.5)
        Assert.Equal("T-1", (string?)json["00082218"]!["Value"]![0]!["00080100"]!["Value"]![0]);
        Assert.Empty(json["00082218"]!["Value"]![1]!.AsObject());
    }

    [Fact]
    public void Bulk_values_can_be_written_as_bulk_data_uris()
    {
        var options = new DicomJsonWriterOptions { BulkDataThreshold = 2, BulkDataUri = (path, e) => $"/bulk/{e.Tag.ToJsonKey()}" };
        var json = JsonNode.Parse(DicomJsonWriter.Serialize(Sample(), options))!.AsObject();
        Assert.Equal("/bulk/00420011", (string?)json["00420011"]!["BulkDataURI"]);
        Assert.Null(json["00420011"]!["InlineBinary"]);
    }

    [Fact]
    public void Reading_what_was_written_gives_the_same_json()
    {
        var first = DicomJsonWriter.Serialize(Sample());
        var read = DicomJsonReader.Parse(first);
        Assert.Equal(first, DicomJsonWriter.Serialize(read));
        Assert.Equal("Müller^Hans=ミュラー^ハンス", read.GetString(DicomTags.PatientName));
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, ((DicomValueElement)read[DicomTags.EncapsulatedDocument]!).Value.ToArray());
    }

    [Fact]
    public void Bulk_data_uris_are_resolved_by_the_caller()
    {
        const string json = """{"7FE00010":{"vr":"OW","BulkDataURI":"http://x/1"}}""";
        Assert.Throws<FormatException>(() => DicomJsonReader.Parse(json));
        var ds = DicomJsonReader.Parse(json, uri => new DicomValue(new byte[] { 9, 9 }));
        Assert.Equal(2, ds[DicomTags.PixelData]!.Length);
    }
}
