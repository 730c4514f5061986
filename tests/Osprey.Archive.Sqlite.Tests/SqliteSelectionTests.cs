using Osprey.Archive.Index;
using Osprey.Archive.Tests.Index;
using Osprey.Dicom.Data;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Archive.Sqlite.Tests;

/// <summary>
/// What the index returns for a selection: the entities of the level whose columns satisfy every
/// condition, each with its attributes, those of the levels above, its unique keys and the computed
/// attributes of PS3.4 C.3.4, text decoded whatever character set it arrived in.
/// </summary>
public class SqliteSelectionTests
{
    private static async Task<TempIndex> ArchiveAsync()
    {
        var t = new TempIndex();
        async Task Add(DicomDataset header) => await t.Index.StoreAsync(TestHeaders.Record(header), DuplicatePolicy.Replace);
        // Study 1.9.1: Müller, two series (CT with 2 instances, SR with 1), accession acc-1, 2024-03-05.
        await Add(TestHeaders.Ct("1.9.1.1.1", studyUid: "1.9.1", seriesUid: "1.9.1.1", patientId: "pat-ü", patientName: "Müller^Hans", accessionNumber: "acc-1", studyDate: "20240305", characterSet: "ISO_IR 100"));
        await Add(TestHeaders.Ct("1.9.1.1.2", studyUid: "1.9.1", seriesUid: "1.9.1.1", patientId: "pat-ü", patientName: "Müller^Hans", accessionNumber: "acc-1", studyDate: "20240305", characterSet: "ISO_IR 100"));
        await Add(TestHeaders.Ct("1.9.1.2.1", studyUid: "1.9.1", seriesUid: "1.9.1.2", patientId: "pat-ü", patientName: "Müller^Hans", accessionNumber: "acc-1", studyDate: "20240305", characterSet: "ISO_IR 100",
            modality: "SR", sopClassUid: "1.2.840.10008.5.1.4.1.1.88.11"));
        // Study 1.9.2: another patient, 2024-04-01.
        await Add(TestHeaders.Ct("1.9.2.1.1", studyUid: "1.9.2", seriesUid: "1.9.2.1", patientId: "P2", patientName: "Meier^Eva", accessionNumber: "ACC-2", studyDate: "20240401"));
        // Study 1.9.3: no Patient ID, 2024-03-06.
        await Add(TestHeaders.Ct("1.9.3.1.1", studyUid: "1.9.3", seriesUid: "1.9.3.1", patientId: "", patientName: "Anon", accessionNumber: "ACC-3", studyDate: "20240306"));
        return t;
    }

    private static IndexCondition C(IndexColumn column, IndexConditionKind kind, string[] values, bool OrEmpty = false) => new(column, kind, values, OrEmpty);

    private static async Task<List<string>> Studies(TempIndex t, params IndexCondition[] conditions)
    {
        var found = new List<string>();
        await foreach (var s in t.Index.SelectAsync(new IndexSelection(IndexLevel.Study, conditions))) found.Add(s.GetString(T.StudyInstanceUID)!);
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    [Fact]
    public async Task Each_kind_of_condition_selects_the_studies_whose_column_satisfies_it()
    {
        await using var t = await ArchiveAsync();
        Assert.Equal(["1.9.1"], await Studies(t, C(IndexColumn.PatientId, IndexConditionKind.Equal, ["pat-ü"])));
        Assert.Equal(["1.9.1"], await Studies(t, C(IndexColumn.PatientIdFolded, IndexConditionKind.Equal, ["PAT-Ü"])));
        Assert.Equal(["1.9.1", "1.9.3"], await Studies(t, C(IndexColumn.PatientId, IndexConditionKind.Equal, ["pat-ü"], OrEmpty: true)));
        Assert.Equal(["1.9.1", "1.9.3"], await Studies(t, C(IndexColumn.PatientIdFolded, IndexConditionKind.Equal, ["PAT-Ü"], OrEmpty: true)));
        Assert.Equal(["1.9.2"], await Studies(t, C(IndexColumn.AccessionNumberFolded, IndexConditionKind.Equal, ["ACC-2"])));
        Assert.Equal(["1.9.1", "1.9.3"], await Studies(t, C(IndexColumn.StudyInstanceUid, IndexConditionKind.AnyOf, ["1.9.1", "1.9.3", "1.9.9"])));
        Assert.Equal(["1.9.1", "1.9.3"], await Studies(t, C(IndexColumn.StudyDate, IndexConditionKind.Range, ["20240301", "20240331"])));
        Assert.Equal(["1.9.2"], await Studies(t, C(IndexColumn.StudyDate, IndexConditionKind.Range, ["20240307", ""])));
        Assert.Equal(["1.9.1", "1.9.3"], await Studies(t, C(IndexColumn.StudyDate, IndexConditionKind.Range, ["", "20240306"])));
        Assert.Equal(["1.9.1"], await Studies(t, C(IndexColumn.PatientNameFolded, IndexConditionKind.Prefix, ["MÜL"])));
        Assert.Empty(await Studies(t, C(IndexColumn.StudyInstanceUid, IndexConditionKind.AnyOf, [])));
        Assert.Equal(["1.9.1"], await Studies(t,
            C(IndexColumn.StudyDate, IndexConditionKind.Range, ["20240301", "20240331"]),
            C(IndexColumn.PatientNameFolded, IndexConditionKind.Prefix, ["M"])));
    }

    [Fact]
    public async Task A_study_comes_with_its_patient_its_keys_and_its_computed_attributes_in_utf8()
    {
        await using var t = await ArchiveAsync();
        DicomDataset? study = null;
        await foreach (var s in t.Index.SelectAsync(new IndexSelection(IndexLevel.Study, [new(IndexColumn.StudyInstanceUid, IndexConditionKind.Equal, ["1.9.1"])])))
            study = s;

        Assert.NotNull(study);
        Assert.Equal("ISO_IR 192", study.GetString(T.SpecificCharacterSet));
        Assert.Equal("Müller^Hans", study.GetString(T.PatientName)); // arrived in ISO_IR 100
        Assert.Equal("pat-ü", study.GetString(T.PatientID));
        Assert.Equal("acc-1", study.GetString(T.AccessionNumber));
        Assert.Equal("20240305", study.GetString(T.StudyDate));
        Assert.Equal("2", study.GetString(T.NumberOfStudyRelatedSeries));
        Assert.Equal("3", study.GetString(T.NumberOfStudyRelatedInstances));
        Assert.Equal(["CT", "SR"], study.GetStrings(T.ModalitiesInStudy));
        Assert.Equal(2, study.GetStrings(T.SOPClassesInStudy).Length);
        Assert.False(study.Contains(T.Modality)); // a series attribute
        Assert.Equal("1", study.GetString(T.NumberOfPatientRelatedStudies)); // patient attributes are study keys in Study Root
        Assert.Equal("ONLINE", study.GetString(T.InstanceAvailability));
    }

    [Fact]
    public async Task Each_level_returns_its_entities_with_their_parents_attributes()
    {
        await using var t = await ArchiveAsync();
        var patients = new List<DicomDataset>();
        await foreach (var p in t.Index.SelectAsync(IndexSelection.All(IndexLevel.Patient))) patients.Add(p);
        var series = new List<DicomDataset>();
        await foreach (var s in t.Index.SelectAsync(new IndexSelection(IndexLevel.Series, [new(IndexColumn.StudyInstanceUid, IndexConditionKind.Equal, ["1.9.1"])]))) series.Add(s);
        var images = new List<DicomDataset>();
        await foreach (var i in t.Index.SelectAsync(new IndexSelection(IndexLevel.Instance, [new(IndexColumn.SeriesInstanceUid, IndexConditionKind.Equal, ["1.9.1.1"])]))) images.Add(i);

        Assert.Equal(3, patients.Count);
        var muller = patients.Single(p => p.GetString(T.PatientID) == "pat-ü");
        Assert.Equal(("1", "2", "3"), (muller.GetString(T.NumberOfPatientRelatedStudies), muller.GetString(T.NumberOfPatientRelatedSeries), muller.GetString(T.NumberOfPatientRelatedInstances)));
        Assert.False(muller.Contains(T.StudyInstanceUID));

        Assert.Equal(["1.9.1.1", "1.9.1.2"], series.Select(s => s.GetString(T.SeriesInstanceUID)!).Order(StringComparer.Ordinal));
        Assert.Equal("2", series.Single(s => s.GetString(T.Modality) == "CT").GetString(T.NumberOfSeriesRelatedInstances));
        Assert.All(series, s => Assert.Equal("Müller^Hans", s.GetString(T.PatientName)));

        Assert.Equal(["1.9.1.1.1", "1.9.1.1.2"], images.Select(i => i.GetString(T.SOPInstanceUID)!).Order(StringComparer.Ordinal));
        Assert.All(images, i => Assert.Equal(("1.9.1", "1.9.1.1", "CT"), (i.GetString(T.StudyInstanceUID), i.GetString(T.SeriesInstanceUID), i.GetString(T.Modality))));
        Assert.All(images, i => Assert.Equal(Osprey.Dicom.Dictionary.DicomUids.CTImageStorage, i.GetString(T.SOPClassUID)));
    }

    [Fact]
    public async Task A_retrieve_selection_lists_every_instance_under_the_selected_entities_with_its_file()
    {
        await using var t = await ArchiveAsync();
        var instances = new List<IndexedInstance>();
        await foreach (var i in t.Index.SelectInstancesAsync(new IndexSelection(IndexLevel.Study, [new(IndexColumn.StudyInstanceUid, IndexConditionKind.AnyOf, ["1.9.1", "1.9.2"])])))
            instances.Add(i);

        Assert.Equal(["1.9.1.1.1", "1.9.1.1.2", "1.9.1.2.1", "1.9.2.1.1"], instances.Select(i => i.SopInstanceUid).Order(StringComparer.Ordinal));
        Assert.All(instances, i => Assert.False(string.IsNullOrEmpty(i.File)));
        Assert.Equal("1.9.1", instances[0].StudyInstanceUid); // grouped by study, then series
        Assert.Equal(["1.9.1.1.1", "1.9.1.1.2"], instances.Take(2).Select(i => i.SopInstanceUid));
    }
}
