using System.Text.Json.Nodes;
using Osprey.Archive.Index;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Archive.Tests.Index;

/// <summary>What the index takes from a header: per-level DICOM JSON (PS3.18 F.2), decoded, and the query columns.</summary>
public class IndexedHeaderTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    [Fact]
    public void Each_level_keeps_its_own_attributes_as_dicom_json()
    {
        var h = IndexedHeader.From(TestHeaders.Ct("1.2.3.1.1.5"));

        var patient = Json(h.PatientAttributes);
        Assert.Equal("Doe^John", (string?)patient["00100010"]!["Value"]![0]!["Alphabetic"]);
        Assert.Equal("19600101", (string?)patient["00100030"]!["Value"]![0]);
        Assert.Null(patient["00100020"]); // Patient ID is the row's key column

        var study = Json(h.StudyAttributes);
        Assert.Equal("ACC-1", (string?)study["00080050"]!["Value"]![0]);
        Assert.Equal("CTCHEST", (string?)study["00081032"]!["Value"]![0]!["00080100"]!["Value"]![0]);
        Assert.Equal("064Y", (string?)study["00101010"]!["Value"]![0]); // Patient's Age is a study attribute
        Assert.Null(study["0020000D"]);

        var series = Json(h.SeriesAttributes);
        Assert.Equal("CT", (string?)series["00080060"]!["Value"]![0]);
        Assert.Equal("ACME Medical", (string?)series["00080070"]!["Value"]![0]); // equipment is at series level
        Assert.Equal(2, (long)series["00200011"]!["Value"]![0]!);

        var instance = Json(h.InstanceAttributes);
        Assert.Equal(512, (long)instance["00280010"]!["Value"]![0]!);
        Assert.Equal(5, (long)instance["00200013"]!["Value"]![0]!);
        Assert.Null(instance["00080018"]);
        Assert.Null(instance["00200032"]); // Image Position (Patient) is no query key

        Assert.Equal(("PAT-1", "", "DOE^JOHN"), (h.PatientId, h.IssuerOfPatientId, h.PatientNameFolded));
        Assert.Equal((2L, 5L), (h.SeriesNumber, h.InstanceNumber));
    }

    [Fact]
    public void Sequence_items_are_decoded_with_the_character_set_in_force()
    {
        var header = TestHeaders.Ct("1.2.3.1.1.1", characterSet: "ISO_IR 100");
        var code = new DicomDataset();
        var sequence = new DicomSequence(DicomTags.ProcedureCodeSequence, [code]);
        header.AddOrUpdate(sequence); // the item inherits ISO_IR 100 from the header
        code.AddOrUpdate(DicomTags.CodeMeaning, "Thorax für Jörg");
        code.AddOrUpdate<byte>(DicomTags.EncapsulatedDocument, DicomVR.OB, 1, 2, 3, 4);
        Assert.Equal(0xFC, ((DicomValueElement)code[DicomTags.CodeMeaning]!).Value.Memory.Span[8]);

        var study = Json(IndexedHeader.From(header).StudyAttributes);

        var item = study["00081032"]!["Value"]![0]!;
        Assert.Equal("Thorax für Jörg", (string?)item["00080104"]!["Value"]![0]);
        Assert.Null(item["00420011"]); // binary values are not kept
        Assert.Same(header, code.ParentDataset); // the header is left as it was
        Assert.Equal("ISO_IR 100", IndexedHeader.From(header).SpecificCharacterSet);
    }

    [Fact]
    public void A_study_date_in_the_acr_nema_form_is_kept_as_yyyymmdd()
        => Assert.Equal("20240315", IndexedHeader.From(TestHeaders.Ct("1.2.3.1.1.1", studyDate: "2024.03.15")).StudyDate);
}
