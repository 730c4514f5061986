using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>
/// Identifiers the information model does not allow (PS3.4 C.4.1.2.1, C.6.1.1, C.6.2.1) are refused with
/// A900 "Identifier does not match SOP Class"; values no matching can use with C000 "Unable to process"
/// (Table C.4-1); each with an Error Comment of at most 64 characters that says what is wrong.
/// </summary>
public class QueryParseErrorTests
{
    private static QueryException Refused(DicomDataset identifier, QueryInformationModel model, QueryExtendedNegotiation? negotiation = null)
    {
        var e = Assert.Throws<QueryException>(() => DicomQuery.Parse(identifier, model, negotiation ?? QueryExtendedNegotiation.None));
        Assert.InRange(e.ErrorComment.Length, 1, QueryException.MaxErrorCommentLength);
        return e;
    }

    [Fact]
    public void Query_retrieve_level_missing()
    {
        var e = Refused(Dataset(null, (DicomTags.PatientID, "P1")), QueryInformationModel.PatientRoot);
        Assert.Equal(QueryStatus.IdentifierDoesNotMatchSopClass, e.Status);
        Assert.Equal("Query/Retrieve Level (0008,0052) missing", e.ErrorComment);
        Assert.Equal(DicomTags.QueryRetrieveLevel, e.OffendingElement);
    }

    [Fact]
    public void Query_retrieve_level_unknown()
    {
        var e = Refused(Identifier("INSTANCE", null), QueryInformationModel.StudyRoot);
        Assert.Equal(QueryStatus.IdentifierDoesNotMatchSopClass, e.Status);
        Assert.Equal("Query/Retrieve Level 'INSTANCE' is not a level", e.ErrorComment);
    }

    [Fact]
    public void Study_root_has_no_patient_level()
    {
        var e = Refused(Identifier("PATIENT", null, (DicomTags.PatientID, "")), QueryInformationModel.StudyRoot);
        Assert.Equal(QueryStatus.IdentifierDoesNotMatchSopClass, e.Status);
        Assert.Equal("PATIENT level is not in the Study Root model", e.ErrorComment);
    }

    [Fact]
    public void Unique_key_of_a_higher_level_missing()
    {
        var e = Refused(Identifier("SERIES", null, (DicomTags.StudyInstanceUID, "1.2"), (DicomTags.Modality, "CT")), QueryInformationModel.PatientRoot);
        Assert.Equal(QueryStatus.IdentifierDoesNotMatchSopClass, e.Status);
        Assert.Equal("PATIENT unique key (0010,0020) missing", e.ErrorComment);
        Assert.Equal(DicomTags.PatientID, e.OffendingElement);

        e = Refused(Identifier("IMAGE", null, (DicomTags.StudyInstanceUID, "1.2"), (DicomTags.SeriesInstanceUID, "")), QueryInformationModel.StudyRoot);
        Assert.Equal("SERIES unique key (0020,000E) missing", e.ErrorComment);
    }

    [Theory]
    [InlineData("1.2\\1.3")] // a list
    [InlineData("*")] // universal
    public void Unique_key_of_a_higher_level_needs_a_single_value(string studyUids)
    {
        var e = Refused(Identifier("SERIES", null, (DicomTags.StudyInstanceUID, studyUids)), QueryInformationModel.StudyRoot);
        Assert.Equal(QueryStatus.IdentifierDoesNotMatchSopClass, e.Status);
        Assert.StartsWith("STUDY unique key (0020,000D)", e.ErrorComment);
    }

    [Fact]
    public void Other_keys_of_a_higher_level_need_relational_queries()
    {
        var identifier = Identifier("STUDY", null, (DicomTags.PatientID, "P1"), (DicomTags.PatientName, "Doe*"), (DicomTags.StudyDate, ""));
        var e = Refused(identifier, QueryInformationModel.PatientRoot);
        Assert.Equal(QueryStatus.IdentifierDoesNotMatchSopClass, e.Status);
        Assert.Equal("PATIENT key (0010,0010) above STUDY level needs relational", e.ErrorComment);

        // Negotiated, the same identifier is a relational query (PS3.4 C.4.1.3.2).
        var query = DicomQuery.Parse(identifier, QueryInformationModel.PatientRoot, Relational);
        Assert.True(query.Relational);
        Assert.Equal(MatchKind.Wildcard, query.Find(DicomTags.PatientName)!.Kind);
    }

    [Fact]
    public void A_hierarchical_image_query_in_patient_root()
    {
        var identifier = Identifier("IMAGE", null,
            (DicomTags.PatientID, "P1"), (DicomTags.StudyInstanceUID, "1.2"), (DicomTags.SeriesInstanceUID, "1.2.3"),
            (DicomTags.SOPInstanceUID, ""), (DicomTags.InstanceNumber, "5"), (DicomTags.SOPClassUID, ""));
        var query = DicomQuery.Parse(identifier, QueryInformationModel.PatientRoot, QueryExtendedNegotiation.None);
        Assert.Equal(QueryRetrieveLevel.Image, query.Level);
        Assert.Equal(Osprey.Archive.Index.IndexLevel.Patient, query.Find(DicomTags.PatientID)!.Level);
        Assert.Equal(Osprey.Archive.Index.QueryKeyType.Unique, query.Find(DicomTags.SOPInstanceUID)!.KeyType);
        Assert.Equal([DicomTags.SOPClassUID, DicomTags.SOPInstanceUID, DicomTags.PatientID, DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.InstanceNumber],
            query.Keys.Select(k => k.Tag));
        var instance = Entity((DicomTags.PatientID, "P1"), (DicomTags.StudyInstanceUID, "1.2"), (DicomTags.SeriesInstanceUID, "1.2.3"),
            (DicomTags.SOPInstanceUID, "1.2.3.4"), (DicomTags.InstanceNumber, "05"));
        Assert.True(QueryMatcher.Matches(query, instance, NoEmptyMatching));
    }

    [Fact]
    public void Zero_length_keys_of_a_higher_level_are_return_keys()
    {
        var identifier = Identifier("STUDY", null, (DicomTags.PatientID, "P1"), (DicomTags.PatientName, ""));
        var query = DicomQuery.Parse(identifier, QueryInformationModel.PatientRoot, QueryExtendedNegotiation.None);
        Assert.Equal([DicomTags.PatientName, DicomTags.PatientID], query.Keys.Select(k => k.Tag));
    }

    [Fact]
    public void Study_root_study_level_holds_patient_keys()
    {
        // PS3.4 C.6.2.1.2: patient attributes are attributes of the study in Study Root.
        var identifier = Identifier("STUDY", null, (DicomTags.PatientName, "Doe*"), (DicomTags.PatientBirthDate, "19700101-"));
        var query = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None);
        Assert.All(query.Keys, k => Assert.Equal(Osprey.Archive.Index.IndexLevel.Study, k.Level));
        Assert.Equal(Osprey.Archive.Index.QueryKeyType.Required, query.Find(DicomTags.PatientName)!.KeyType);
    }

    [Fact]
    public void Keys_below_the_query_level_are_refused_when_they_ask_for_matching()
    {
        var e = Refused(Identifier("STUDY", null, (DicomTags.StudyInstanceUID, ""), (DicomTags.Modality, "CT")), QueryInformationModel.StudyRoot, Relational);
        Assert.Equal(QueryStatus.IdentifierDoesNotMatchSopClass, e.Status);
        Assert.Equal("SERIES key (0008,0060) below STUDY level", e.ErrorComment);
        Assert.Equal(DicomTags.Modality, e.OffendingElement);
    }

    [Fact]
    public void Zero_length_keys_below_the_query_level_are_left_out()
    {
        var query = DicomQuery.Parse(Identifier("STUDY", null, (DicomTags.StudyInstanceUID, ""), (DicomTags.Modality, "")),
            QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None);
        Assert.Null(query.Find(DicomTags.Modality));
        Assert.Equal([DicomTags.Modality], query.IgnoredKeys);
    }

    [Theory]
    [InlineData(0x00080020u, "2024-13-01", "(0008,0020) '2024-13-01' is not a DA range")]
    [InlineData(0x00080020u, "yesterday", "(0008,0020) 'yesterday' is not a DA value")]
    [InlineData(0x0020000Du, "1.2.*", "UID key (0020,000D) cannot use wild cards")]
    [InlineData(0x00201206u, "three", "(0020,1206) 'three' is not a number")]
    public void Values_no_matching_can_use(uint tag, string value, string comment)
    {
        var e = Refused(Identifier("STUDY", null, (new DicomTag(tag), value)), QueryInformationModel.StudyRoot);
        Assert.Equal(QueryStatus.UnableToProcess, e.Status);
        Assert.Equal(comment, e.ErrorComment);
        Assert.Equal(new DicomTag(tag), e.OffendingElement);
    }

    [Fact]
    public void Query_retrieve_view_is_not_supported()
    {
        var e = Refused(Identifier("STUDY", null, (DicomTags.QueryRetrieveView, "CLASSIC")), QueryInformationModel.StudyRoot);
        Assert.Equal(QueryStatus.UnableToProcess, e.Status);
        Assert.Equal("Query/Retrieve View (0008,0053) not supported", e.ErrorComment);
    }

    [Fact]
    public void Long_comments_are_cut_to_64_characters()
        => Assert.Equal(64, new QueryException(QueryStatus.UnableToProcess, new string('x', 100)).ErrorComment.Length);

    [Fact]
    public void Identifier_attributes_that_are_not_keys()
    {
        var identifier = Identifier("STUDY", "ISO_IR 100", (DicomTags.TimezoneOffsetFromUTC, "+0100"), (DicomTags.StudyInstanceUID, ""));
        var query = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None);
        Assert.Equal([DicomTags.StudyInstanceUID], query.Keys.Select(k => k.Tag));
        Assert.Equal("ISO_IR 100", query.RequestCharacterSet);
        Assert.Equal("+0100", query.TimezoneOffsetFromUtc);
        Assert.Equal(QueryRetrieveLevel.Study, query.Level);
        Assert.False(query.Relational);
    }

    [Fact]
    public void Private_and_unknown_attributes_are_keys_of_the_query_level()
    {
        var identifier = Identifier("SERIES", null, (DicomTags.StudyInstanceUID, "1.2"));
        identifier.AddOrUpdate(new DicomTag(0x0009, 0x0010), DicomVR.LO, "ACME 1.0");
        identifier.AddOrUpdate(new DicomTag(0x0009, 0x1001), DicomVR.LO, "");
        var query = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.None);
        Assert.Equal(Osprey.Archive.Index.IndexLevel.Series, query.Find(new DicomTag(0x0009, 0x1001))!.Level);
        Assert.Equal(Osprey.Archive.Index.QueryKeyType.Optional, query.Find(new DicomTag(0x0009, 0x1001))!.KeyType);
    }
}
