using Osprey.Archive.Index;
using Osprey.Archive.Query;
using Osprey.Dicom.Dictionary;

namespace Osprey.Archive.Tests.Query;

/// <summary>Levels (PS3.4 Tables C.6.1-1, C.6.2-1) and the SOP Classes of each model (C.6.1.3, C.6.2.3).</summary>
public class QueryModelTests
{
    [Theory]
    [InlineData("PATIENT", QueryRetrieveLevel.Patient, IndexLevel.Patient)]
    [InlineData("STUDY", QueryRetrieveLevel.Study, IndexLevel.Study)]
    [InlineData("SERIES ", QueryRetrieveLevel.Series, IndexLevel.Series)]
    [InlineData("IMAGE", QueryRetrieveLevel.Image, IndexLevel.Instance)]
    public void Levels_read_from_0008_0052_map_to_index_tables(string text, QueryRetrieveLevel level, IndexLevel table)
    {
        Assert.True(QueryRetrieveLevels.TryParse(text, out var parsed));
        Assert.Equal(level, parsed);
        Assert.Equal(table, parsed.ToIndexLevel());
        Assert.Equal(level, QueryRetrieveLevels.FromIndexLevel(table));
        Assert.Equal(text.Trim(), parsed.ToText());
    }

    [Theory]
    [InlineData("")]
    [InlineData("INSTANCE")]
    [InlineData("FRAME")]
    [InlineData(null)]
    public void Other_values_are_not_levels(string? text) => Assert.False(QueryRetrieveLevels.TryParse(text, out _));

    [Theory]
    [InlineData(DicomUids.PatientRootQueryRetrieveInformationModelFind, QueryInformationModel.PatientRoot)]
    [InlineData(DicomUids.PatientRootQueryRetrieveInformationModelMove, QueryInformationModel.PatientRoot)]
    [InlineData(DicomUids.PatientRootQueryRetrieveInformationModelGet, QueryInformationModel.PatientRoot)]
    [InlineData(DicomUids.StudyRootQueryRetrieveInformationModelFind, QueryInformationModel.StudyRoot)]
    [InlineData(DicomUids.StudyRootQueryRetrieveInformationModelMove, QueryInformationModel.StudyRoot)]
    [InlineData(DicomUids.StudyRootQueryRetrieveInformationModelGet, QueryInformationModel.StudyRoot)]
    public void Each_query_retrieve_sop_class_names_its_model(string uid, QueryInformationModel model)
    {
        Assert.True(QueryInformationModels.TryFromSopClass(uid, out var found));
        Assert.Equal(model, found);
    }

    [Theory]
    [InlineData(DicomUids.PatientStudyOnlyQueryRetrieveInformationModelFind)] // retired, not served
    [InlineData(DicomUids.CTImageStorage)]
    [InlineData("")]
    public void Other_sop_classes_have_no_model(string uid) => Assert.False(QueryInformationModels.TryFromSopClass(uid, out _));

    [Fact]
    public void Study_root_has_no_patient_level()
    {
        Assert.False(QueryInformationModel.StudyRoot.HasLevel(QueryRetrieveLevel.Patient));
        Assert.Equal([QueryRetrieveLevel.Study, QueryRetrieveLevel.Series, QueryRetrieveLevel.Image], QueryInformationModel.StudyRoot.Levels());
        Assert.Equal(4, QueryInformationModel.PatientRoot.Levels().Count);
    }
}
