using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>
/// The response Identifier, PS3.4 C.4.1.1.3.2: Query/Retrieve Level, Specific Character Set when needed, and
/// the requested keys only, each with the entity's value or zero length.
/// </summary>
public class QueryResponseBuilderTests
{
    private static readonly DicomDataset Study = Entity(
        (DicomTags.PatientName, "Yamada^Tarou=山田^太郎=やまだ^たろう"),
        (DicomTags.PatientID, "P1"),
        (DicomTags.PatientBirthDate, "19700101"),
        (DicomTags.StudyInstanceUID, "1.2.3"),
        (DicomTags.StudyDate, "20240315"),
        (DicomTags.ModalitiesInStudy, "CT\\PT"),
        (DicomTags.StudyDescription, "Chest"));

    private static DicomQuery StudyQuery(string? characterSet, params (DicomTag, string)[] keys)
        => DicomQuery.Parse(Identifier("STUDY", characterSet, keys), QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None);

    [Fact]
    public void Only_the_requested_keys_in_tag_order_with_empty_ones_for_missing_values()
    {
        var query = StudyQuery(null, (DicomTags.StudyInstanceUID, ""), (DicomTags.PatientID, "P1"), (DicomTags.AccessionNumber, ""), (DicomTags.ModalitiesInStudy, "CT"));
        var response = QueryResponseBuilder.Build(query, Study);

        Assert.Equal(
            [DicomTags.AccessionNumber, DicomTags.QueryRetrieveLevel, DicomTags.ModalitiesInStudy, DicomTags.PatientID, DicomTags.StudyInstanceUID],
            response.Select(e => e.Tag));
        Assert.Equal("STUDY", response.GetString(DicomTags.QueryRetrieveLevel));
        Assert.Equal(0, response[DicomTags.AccessionNumber]!.Length); // the entity has none: zero length
        Assert.Equal(DicomVR.SH, response[DicomTags.AccessionNumber]!.VR);
        Assert.Equal(["CT", "PT"], response.GetStrings(DicomTags.ModalitiesInStudy)); // all values, C.2.2.3
        Assert.Equal("1.2.3", response.GetString(DicomTags.StudyInstanceUID));
        Assert.False(response.Contains(DicomTags.SpecificCharacterSet)); // plain ASCII, none asked for
    }

    [Fact]
    public void Utf8_by_default()
    {
        var response = QueryResponseBuilder.Build(StudyQuery(null, (DicomTags.PatientName, "")), Study);
        Assert.Equal("ISO_IR 192", response.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", response.GetString(DicomTags.PatientName));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes("Yamada^Tarou=山田^太郎=やまだ^たろう"),
            ((DicomValueElement)response[DicomTags.PatientName]!).Value.ToArray().AsSpan().TrimEnd((byte)' ').ToArray());
    }

    [Fact]
    public void In_the_requests_iso_2022_character_set_when_every_value_fits()
    {
        var query = StudyQuery("\\ISO 2022 IR 87", (DicomTags.PatientName, "Yamada*"));
        var response = QueryResponseBuilder.BuildInRequestCharacterSet(query, Study);

        Assert.Equal("\\ISO 2022 IR 87", response.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", response.GetString(DicomTags.PatientName));
        // The bytes of PS3.5 Annex H (pydicom's chrH31.dcm).
        byte[] annexH = [0x59, 0x61, 0x6D, 0x61, 0x64, 0x61, 0x5E, 0x54, 0x61, 0x72, 0x6F, 0x75, 0x3D, 0x1B, 0x24, 0x42, 0x3B, 0x33, 0x45, 0x44, 0x1B, 0x28, 0x42, 0x5E, 0x1B, 0x24, 0x42, 0x42, 0x40, 0x4F, 0x3A, 0x1B, 0x28, 0x42, 0x3D, 0x1B, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5E, 0x24, 0x40, 0x1B, 0x28, 0x42, 0x5E, 0x1B, 0x24, 0x42, 0x24, 0x3F, 0x24, 0x6D, 0x24, 0x26, 0x1B, 0x28, 0x42];
        Assert.Equal(annexH, ((DicomValueElement)response[DicomTags.PatientName]!).Value.ToArray().AsSpan().TrimEnd((byte)' ').ToArray());
    }

    [Fact]
    public void In_the_requests_single_byte_character_set_when_every_value_fits()
    {
        var entity = Entity((DicomTags.PatientName, "Müller^Jürgen"), (DicomTags.StudyInstanceUID, "1.2.3"));
        var query = StudyQuery("ISO_IR 100", (DicomTags.PatientName, ""));
        var response = QueryResponseBuilder.BuildInRequestCharacterSet(query, entity);
        Assert.Equal("ISO_IR 100", response.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal(System.Text.Encoding.Latin1.GetBytes("Müller^Jürgen "), ((DicomValueElement)response[DicomTags.PatientName]!).Value.ToArray());
    }

    [Fact]
    public void Falls_back_to_utf8_when_a_value_does_not_fit()
    {
        var query = StudyQuery("ISO_IR 100", (DicomTags.PatientName, ""));
        var response = QueryResponseBuilder.BuildInRequestCharacterSet(query, Study); // Japanese does not fit in Latin-1
        Assert.Equal("ISO_IR 192", response.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", response.GetString(DicomTags.PatientName));

        // A request without a character set (the default repertoire) gets UTF-8 for non-ASCII text, too.
        response = QueryResponseBuilder.BuildInRequestCharacterSet(StudyQuery(null, (DicomTags.PatientName, "")), Study);
        Assert.Equal("ISO_IR 192", response.GetString(DicomTags.SpecificCharacterSet));
    }

    [Fact]
    public void A_request_with_a_character_set_gets_one_back_even_for_ascii()
    {
        var response = QueryResponseBuilder.BuildInRequestCharacterSet(StudyQuery("ISO_IR 100", (DicomTags.PatientID, "")), Study);
        Assert.Equal("ISO_IR 100", response.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("P1", response.GetString(DicomTags.PatientID));
    }

    [Fact]
    public void Text_stored_in_another_character_set_is_reencoded()
    {
        var entity = new DicomDataset();
        entity.AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 144");
        entity.AddOrUpdate(Raw(DicomTags.PatientName, DicomVR.PN, [0xBB, 0xEE, 0xDA, 0x63, 0x65, 0xDC, 0xD1, 0x79, 0x70, 0xD3])); // chrRuss.dcm
        var response = QueryResponseBuilder.Build(StudyQuery(null, (DicomTags.PatientName, "")), entity);
        Assert.Equal("ISO_IR 192", response.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("Люкceмбypг", response.GetString(DicomTags.PatientName));
    }

    [Fact]
    public void Sequences_return_the_matching_items_reduced_to_the_item_keys()
    {
        var entity = Entity((DicomTags.StudyInstanceUID, "1.2.3"));
        entity.AddOrUpdate(new DicomSequence(DicomTags.ProcedureCodeSequence,
        [
            Dataset(null, (DicomTags.CodeValue, "71020"), (DicomTags.CodingSchemeDesignator, "C4"), (DicomTags.CodeMeaning, "Chest")),
            Dataset(null, (DicomTags.CodeValue, "74150"), (DicomTags.CodingSchemeDesignator, "C4"), (DicomTags.CodeMeaning, "Abdomen")),
        ]));

        var identifier = Identifier("STUDY", null);
        identifier.AddOrUpdate(new DicomSequence(DicomTags.ProcedureCodeSequence, [Dataset(null, (DicomTags.CodeValue, "74*"), (DicomTags.CodeMeaning, ""))]));
        var query = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None);
        Assert.True(QueryMatcher.Matches(query, entity, QueryOptions.Default));

        var item = Assert.Single(QueryResponseBuilder.Build(query, entity).GetSequence(DicomTags.ProcedureCodeSequence)!.Items);
        Assert.Equal([DicomTags.CodeValue, DicomTags.CodeMeaning], item.Select(e => e.Tag));
        Assert.Equal("Abdomen", item.GetString(DicomTags.CodeMeaning));

        // An empty item asks for the whole sequence (C.2.2.2.6).
        identifier.AddOrUpdate(new DicomSequence(DicomTags.ProcedureCodeSequence, [new DicomDataset()]));
        var whole = QueryResponseBuilder.Build(DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None), entity);
        var items = whole.GetSequence(DicomTags.ProcedureCodeSequence)!.Items;
        Assert.Equal(2, items.Count);
        Assert.Equal(3, items[0].Count);

        // A sequence the entity does not have comes back empty.
        var none = QueryResponseBuilder.Build(DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None), Study);
        Assert.Empty(none.GetSequence(DicomTags.ProcedureCodeSequence)!.Items);
    }

    [Fact]
    public void Retrieve_ae_title_when_given()
    {
        var response = QueryResponseBuilder.Build(StudyQuery(null, (DicomTags.StudyInstanceUID, ""), (DicomTags.RetrieveAETitle, "")), Study, null, QueryOptions.Default, "OSPREY");
        Assert.Equal("OSPREY", response.GetString(DicomTags.RetrieveAETitle));
        Assert.Equal(DicomVR.AE, response[DicomTags.RetrieveAETitle]!.VR);
    }

    [Fact]
    public void Keys_of_higher_levels_are_returned_too()
    {
        var identifier = Identifier("SERIES", null, (DicomTags.StudyInstanceUID, "1.2.3"), (DicomTags.SeriesInstanceUID, ""), (DicomTags.Modality, ""));
        var query = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None);
        var series = Entity((DicomTags.StudyInstanceUID, "1.2.3"), (DicomTags.SeriesInstanceUID, "1.2.3.4"), (DicomTags.Modality, "CT"), (DicomTags.SeriesNumber, "1"));
        var response = QueryResponseBuilder.Build(query, series);
        Assert.Equal("SERIES", response.GetString(DicomTags.QueryRetrieveLevel));
        Assert.Equal("1.2.3", response.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal("CT", response.GetString(DicomTags.Modality));
        Assert.False(response.Contains(DicomTags.SeriesNumber));
    }
}
