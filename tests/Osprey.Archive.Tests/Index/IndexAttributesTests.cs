using Osprey.Archive.Index;
using Osprey.Dicom.Dictionary;

namespace Osprey.Archive.Tests.Index;

/// <summary>The attribute tables follow the key tables of PS3.4 C.6.1.1 and C.6.2.1.</summary>
public class IndexAttributesTests
{
    [Fact]
    public void Each_attribute_belongs_to_one_level()
    {
        var all = new[] { IndexLevel.Patient, IndexLevel.Study, IndexLevel.Series, IndexLevel.Instance }
            .SelectMany(IndexAttributes.OfLevel).ToList();
        Assert.Equal(all.Count, all.Select(a => a.Tag).Distinct().Count());
        Assert.DoesNotContain(all, a => a.Tag == DicomTags.SpecificCharacterSet);
    }

    [Fact]
    public void The_unique_and_required_keys_are_those_of_ps3_4_c_6_1()
    {
        static string[] Keys(IndexLevel level, QueryKeyType type)
            => [.. IndexAttributes.OfLevel(level).Where(a => a.KeyType == type).Select(a => DicomDictionary.Lookup(a.Tag)!.Keyword)];

        Assert.Equal(["PatientID"], Keys(IndexLevel.Patient, QueryKeyType.Unique));
        Assert.Equal(["PatientName"], Keys(IndexLevel.Patient, QueryKeyType.Required));
        Assert.Equal(["StudyInstanceUID"], Keys(IndexLevel.Study, QueryKeyType.Unique));
        Assert.Equal(["StudyDate", "StudyTime", "AccessionNumber", "StudyID"], Keys(IndexLevel.Study, QueryKeyType.Required));
        Assert.Equal(["SeriesInstanceUID"], Keys(IndexLevel.Series, QueryKeyType.Unique));
        Assert.Equal(["Modality", "SeriesNumber"], Keys(IndexLevel.Series, QueryKeyType.Required));
        Assert.Equal(["SOPInstanceUID"], Keys(IndexLevel.Instance, QueryKeyType.Unique));
        Assert.Equal(["InstanceNumber"], Keys(IndexLevel.Instance, QueryKeyType.Required));
    }

    [Fact]
    public void The_computed_attributes_sit_at_their_levels()
    {
        Assert.Equal(IndexLevel.Patient, IndexAttributes.Find(DicomTags.NumberOfPatientRelatedInstances)!.Level);
        Assert.Equal(IndexLevel.Study, IndexAttributes.Find(DicomTags.ModalitiesInStudy)!.Level);
        Assert.Equal(IndexLevel.Study, IndexAttributes.Find(DicomTags.SOPClassesInStudy)!.Level);
        Assert.Equal(IndexLevel.Series, IndexAttributes.Find(DicomTags.NumberOfSeriesRelatedInstances)!.Level);
        Assert.True(IndexAttributes.Find(DicomTags.NumberOfStudyRelatedSeries)!.Computed);
        Assert.False(IndexAttributes.Find(DicomTags.StudyDate)!.Computed);
    }

    [Fact]
    public void The_study_root_study_level_holds_the_patient_attributes_with_patient_id_required()
    {
        var level = IndexAttributes.StudyRootStudyLevel;
        Assert.All(level, a => Assert.Equal(IndexLevel.Study, a.Level));
        Assert.Equal(QueryKeyType.Required, level.Single(a => a.Tag == DicomTags.PatientID).KeyType);
        Assert.Equal(QueryKeyType.Required, level.Single(a => a.Tag == DicomTags.PatientName).KeyType);
        Assert.Equal(QueryKeyType.Unique, level.Single(a => a.Tag == DicomTags.StudyInstanceUID).KeyType);
        Assert.Contains(level, a => a.Tag == DicomTags.NumberOfPatientRelatedStudies);
        Assert.Contains(level, a => a.Tag == DicomTags.IssuerOfPatientIDQualifiersSequence);
    }

    [Theory]
    [InlineData("müller", "MÜLLER")]
    [InlineData("élodie", "ÉLODIE")]
    [InlineData("σοφία", "ΣΟΦΊΑ")]
    [InlineData("иванов", "ИВАНОВ")]
    public void Folding_maps_case_across_scripts_under_invariant_globalization(string text, string folded)
        => Assert.Equal(folded, IndexTextFolding.Fold(text));
}
