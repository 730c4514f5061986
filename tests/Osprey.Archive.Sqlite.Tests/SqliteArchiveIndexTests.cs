using System.Text.Json.Nodes;
using Osprey.Archive.Index;
using Osprey.Archive.Tests.Index;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Archive.Sqlite.Tests;

/// <summary>
/// The embedded index as a user sees it: what a store reports, and the counts, modalities and SOP
/// classes of PS3.4 C.3.4 after adds, replaces and moves, looked up through the index or with SQL.
/// </summary>
public class SqliteArchiveIndexTests
{
    private const string Study = TestHeaders.StudyUid;
    private const string CtSeries = Study + ".1";
    private const string SrSeries = Study + ".2";

    private static async Task<StoreOutcome> Store(TempIndex t, DicomDataset header, DuplicatePolicy policy = DuplicatePolicy.Replace, string? file = null)
        => await t.Index.StoreAsync(TestHeaders.Record(header, file), policy);

    private static long Count(TempIndex t, string sql, params (string, object)[] parameters) => (long)t.Scalar(sql, parameters)!;

    [Fact]
    public async Task A_study_reports_its_series_instances_modalities_and_sop_classes()
    {
        await using var t = new TempIndex();
        for (int i = 1; i <= 3; i++)
            Assert.Equal(StoreOutcomeKind.Added, (await Store(t, TestHeaders.Ct($"{CtSeries}.{i}"))).Kind);
        var sr = TestHeaders.Ct($"{SrSeries}.1", seriesUid: SrSeries, modality: "SR", sopClassUid: DicomUids.ComprehensiveSRStorage);
        Assert.Equal(StoreOutcomeKind.Added, (await Store(t, sr)).Kind);

        var study = await t.Index.FindStudyAsync(Study);
        Assert.NotNull(study);
        Assert.Equal("PAT-1", study.PatientId);
        Assert.Equal(2, study.NumberOfStudyRelatedSeries);
        Assert.Equal(4, study.NumberOfStudyRelatedInstances);
        Assert.Equal(["CT", "SR"], study.ModalitiesInStudy);
        Assert.Equal([DicomUids.CTImageStorage, DicomUids.ComprehensiveSRStorage], study.SopClassesInStudy);
        Assert.InRange(study.UpdatedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));

        Assert.Equal(1, Count(t, "SELECT num_studies FROM patients WHERE patient_id = 'PAT-1'"));
        Assert.Equal(2, Count(t, "SELECT num_series FROM patients WHERE patient_id = 'PAT-1'"));
        Assert.Equal(4, Count(t, "SELECT num_instances FROM patients WHERE patient_id = 'PAT-1'"));
        Assert.Equal(3, Count(t, "SELECT num_instances FROM series WHERE series_uid = $uid", ("$uid", CtSeries)));
        Assert.Equal(1, Count(t, "SELECT num_instances FROM series WHERE series_uid = $uid", ("$uid", SrSeries)));

        Assert.Equal(4, await t.Index.CountInstancesAsync());
        var all = new List<IndexedInstance>();
        await foreach (var i in t.Index.InstancesAsync()) all.Add(i);
        Assert.Equal(4, all.Count);
        Assert.Equal(3, all.Count(i => i.SeriesInstanceUid == CtSeries));
    }

    [Fact]
    public async Task An_instance_is_found_with_its_file_and_how_it_arrived()
    {
        await using var t = new TempIndex();
        var record = TestHeaders.Record(TestHeaders.Ct($"{CtSeries}.7"), "2024/03/15/x.dcm", "MODALITY1");
        await t.Index.StoreAsync(record, DuplicatePolicy.Replace);

        var found = await t.Index.FindInstanceAsync($"{CtSeries}.7");
        Assert.Equal(new IndexedInstance(Study, CtSeries, $"{CtSeries}.7", DicomUids.CTImageStorage, "2024/03/15/x.dcm",
            record.Size, DicomUids.ExplicitVRLittleEndian, "MODALITY1", record.ReceivedAt), found);
        Assert.Null(await t.Index.FindInstanceAsync("1.2.3.4.5"));
        Assert.Null(await t.Index.FindStudyAsync("1.2.3.4.5"));
    }

    [Fact]
    public async Task Replace_points_the_index_at_the_new_file_and_names_the_old_one()
    {
        await using var t = new TempIndex();
        var sop = $"{CtSeries}.1";
        await Store(t, TestHeaders.Ct(sop), file: "a.dcm");

        var replaced = await Store(t, TestHeaders.Ct(sop, patientName: "Doe^Johnny"), DuplicatePolicy.Replace, "b.dcm");
        Assert.Equal(new StoreOutcome(StoreOutcomeKind.Replaced, "a.dcm"), replaced);
        Assert.Equal("b.dcm", (await t.Index.FindInstanceAsync(sop))!.File);
        Assert.Equal("Doe^Johnny", t.Scalar("SELECT patient_name FROM patients"));

        var sameFile = await Store(t, TestHeaders.Ct(sop), DuplicatePolicy.Replace, "b.dcm");
        Assert.Equal(new StoreOutcome(StoreOutcomeKind.Replaced), sameFile); // nothing for the caller to delete

        var study = (await t.Index.FindStudyAsync(Study))!;
        Assert.Equal(1, study.NumberOfStudyRelatedInstances);
        Assert.Equal(1, study.NumberOfStudyRelatedSeries);
        Assert.Equal(1, await t.Index.CountInstancesAsync());
        Assert.Equal(1, Count(t, "SELECT num_instances FROM patients"));
    }

    [Theory]
    [InlineData(DuplicatePolicy.Keep, StoreOutcomeKind.KeptExisting)]
    [InlineData(DuplicatePolicy.Reject, StoreOutcomeKind.RejectedDuplicate)]
    public async Task Keep_and_reject_leave_the_stored_instance_untouched(DuplicatePolicy policy, StoreOutcomeKind expected)
    {
        await using var t = new TempIndex();
        var sop = $"{CtSeries}.1";
        await Store(t, TestHeaders.Ct(sop), file: "a.dcm");
        var updatedAt = (await t.Index.FindStudyAsync(Study))!.UpdatedAt;
        await Task.Delay(5);

        var outcome = await Store(t, TestHeaders.Ct(sop, patientName: "Other^Name", studyUid: "1.2.3.999"), policy, "b.dcm");

        Assert.Equal(expected, outcome.Kind);
        Assert.Null(outcome.PreviousFile);
        Assert.Equal("a.dcm", outcome.Existing?.File); // the new file is the caller's to delete
        Assert.Equal("CT01", outcome.Existing?.SourceAeTitle);
        Assert.Equal("a.dcm", (await t.Index.FindInstanceAsync(sop))!.File);
        Assert.Equal("Doe^John", t.Scalar("SELECT patient_name FROM patients"));
        Assert.Null(await t.Index.FindStudyAsync("1.2.3.999"));
        Assert.Equal(updatedAt, (await t.Index.FindStudyAsync(Study))!.UpdatedAt);
        Assert.Equal(1, await t.Index.CountInstancesAsync());
    }

    [Fact]
    public async Task A_replace_that_moves_an_instance_to_another_study_keeps_every_count_right()
    {
        await using var t = new TempIndex();
        const string studyA = "1.2.3.1", studyB = "1.2.3.2";
        await Store(t, TestHeaders.Ct("1.2.3.1.1.1", studyA, "1.2.3.1.1"));
        await Store(t, TestHeaders.Ct("1.2.3.1.1.2", studyA, "1.2.3.1.1"));
        await Store(t, TestHeaders.Ct("1.2.3.2.1.1", studyB, "1.2.3.2.1"));

        // The second instance of study A comes again, now filed under study B.
        Assert.Equal(StoreOutcomeKind.Replaced, (await Store(t, TestHeaders.Ct("1.2.3.1.1.2", studyB, "1.2.3.2.1"))).Kind);
        var a = (await t.Index.FindStudyAsync(studyA))!;
        var b = (await t.Index.FindStudyAsync(studyB))!;
        Assert.Equal((1, 1), (a.NumberOfStudyRelatedSeries, a.NumberOfStudyRelatedInstances));
        Assert.Equal((1, 2), (b.NumberOfStudyRelatedSeries, b.NumberOfStudyRelatedInstances));
        Assert.Equal(studyB, (await t.Index.FindInstanceAsync("1.2.3.1.1.2"))!.StudyInstanceUid);

        // The last instance of study A moves to a new MR series of study B: study A and its series are gone.
        var mr = TestHeaders.Ct("1.2.3.1.1.1", studyB, "1.2.3.2.2", modality: "MR", sopClassUid: DicomUids.MRImageStorage);
        Assert.Equal(StoreOutcomeKind.Replaced, (await Store(t, mr)).Kind);
        Assert.Null(await t.Index.FindStudyAsync(studyA));
        Assert.Equal(0, Count(t, "SELECT count(*) FROM series WHERE series_uid = '1.2.3.1.1'"));
        b = (await t.Index.FindStudyAsync(studyB))!;
        Assert.Equal((2, 3), (b.NumberOfStudyRelatedSeries, b.NumberOfStudyRelatedInstances));
        Assert.Equal(["CT", "MR"], b.ModalitiesInStudy);
        Assert.Equal([DicomUids.CTImageStorage, DicomUids.MRImageStorage], b.SopClassesInStudy);

        Assert.Equal(1, Count(t, "SELECT count(*) FROM patients"));
        Assert.Equal(1, Count(t, "SELECT num_studies FROM patients"));
        Assert.Equal(2, Count(t, "SELECT num_series FROM patients"));
        Assert.Equal(3, Count(t, "SELECT num_instances FROM patients"));
        Assert.Equal(3, await t.Index.CountInstancesAsync());
    }

    [Fact]
    public async Task A_study_sent_again_with_a_corrected_patient_id_moves_to_that_patient()
    {
        await using var t = new TempIndex();
        await Store(t, TestHeaders.Ct($"{CtSeries}.1", patientId: "WRONG"));
        await Store(t, TestHeaders.Ct($"{CtSeries}.2", patientId: "WRONG"));
        await Store(t, TestHeaders.Ct("1.2.3.2.1.1", "1.2.3.2", "1.2.3.2.1", patientId: "RIGHT"));

        await Store(t, TestHeaders.Ct($"{CtSeries}.1", patientId: "RIGHT"));
        Assert.Equal("RIGHT", (await t.Index.FindStudyAsync(Study))!.PatientId);
        Assert.Equal(0, Count(t, "SELECT count(*) FROM patients WHERE patient_id = 'WRONG'"));
        Assert.Equal(2, Count(t, "SELECT num_studies FROM patients WHERE patient_id = 'RIGHT'"));
        Assert.Equal(2, Count(t, "SELECT num_series FROM patients WHERE patient_id = 'RIGHT'"));
        Assert.Equal(3, Count(t, "SELECT num_instances FROM patients WHERE patient_id = 'RIGHT'"));
    }

    [Fact]
    public async Task A_patient_is_identified_by_patient_id_and_issuer()
    {
        await using var t = new TempIndex();
        await Store(t, TestHeaders.Ct("1.2.3.1.1.1", "1.2.3.1", "1.2.3.1.1", patientId: "123", issuer: "HOSP-A"));
        await Store(t, TestHeaders.Ct("1.2.3.2.1.1", "1.2.3.2", "1.2.3.2.1", patientId: "123", issuer: "HOSP-B"));
        await Store(t, TestHeaders.Ct("1.2.3.3.1.1", "1.2.3.3", "1.2.3.3.1", patientId: "123"));
        await Store(t, TestHeaders.Ct("1.2.3.4.1.1", "1.2.3.4", "1.2.3.4.1", patientId: "123", issuer: "HOSP-A"));
        // No Patient ID at all is an identity of its own.
        await Store(t, TestHeaders.Ct("1.2.3.5.1.1", "1.2.3.5", "1.2.3.5.1", patientId: ""));
        await Store(t, TestHeaders.Ct("1.2.3.6.1.1", "1.2.3.6", "1.2.3.6.1", patientId: ""));

        Assert.Equal(4, Count(t, "SELECT count(*) FROM patients"));
        Assert.Equal(2, Count(t, "SELECT num_studies FROM patients WHERE patient_id = '123' AND issuer_of_patient_id = 'HOSP-A'"));
        Assert.Equal(1, Count(t, "SELECT num_studies FROM patients WHERE patient_id = '123' AND issuer_of_patient_id = 'HOSP-B'"));
        Assert.Equal(1, Count(t, "SELECT num_studies FROM patients WHERE patient_id = '123' AND issuer_of_patient_id = ''"));
        Assert.Equal(2, Count(t, "SELECT num_studies FROM patients WHERE patient_id = '' AND issuer_of_patient_id = ''"));
    }

    [Fact]
    public async Task A_name_sent_in_latin_1_is_stored_as_unicode_with_the_original_character_set_kept()
    {
        await using var t = new TempIndex();
        var header = TestHeaders.Ct($"{CtSeries}.1", patientName: "Müller^Hans", characterSet: "ISO_IR 100");
        header.AddOrUpdate(DicomTags.StudyDescription, "Thorax für Jörg");
        var raw = ((DicomValueElement)header[DicomTags.PatientName]!).Value.ToArray();
        Assert.Equal(0xFC, raw[1]); // ü as ISO 8859-1 encodes it, one byte

        await Store(t, header);

        Assert.Equal("Müller^Hans", t.Scalar("SELECT patient_name FROM patients"));
        Assert.Equal("MÜLLER^HANS", t.Scalar("SELECT patient_name_folded FROM patients"));
        Assert.Equal("Thorax für Jörg", t.Scalar("SELECT study_description FROM studies"));
        Assert.Equal("ISO_IR 100", t.Scalar("SELECT specific_character_set FROM studies"));
        Assert.Equal("ISO_IR 100", t.Scalar("SELECT specific_character_set FROM instances"));
        var patient = JsonNode.Parse((string)t.Scalar("SELECT attributes FROM patients")!)!;
        Assert.Equal("Müller^Hans", (string?)patient["00100010"]!["Value"]![0]!["Alphabetic"]);
        var study = JsonNode.Parse((string)t.Scalar("SELECT attributes FROM studies")!)!;
        Assert.Equal("Thorax für Jörg", (string?)study["00081030"]!["Value"]![0]);
    }

    [Fact]
    public async Task Each_store_refreshes_the_patient_study_and_series_from_the_newer_header()
    {
        await using var t = new TempIndex();
        await Store(t, TestHeaders.Ct($"{CtSeries}.1", patientName: "Doe^Jon", accessionNumber: "A1"));
        await Store(t, TestHeaders.Ct($"{CtSeries}.2", patientName: "Doe^John", accessionNumber: "A2"));

        Assert.Equal("Doe^John", t.Scalar("SELECT patient_name FROM patients"));
        Assert.Equal("A2", t.Scalar("SELECT accession_number FROM studies"));
        Assert.Equal(2, Count(t, "SELECT num_instances FROM studies"));
    }

    [Fact]
    public async Task The_index_survives_closing_and_reopening()
    {
        await using var t = new TempIndex();
        await Store(t, TestHeaders.Ct($"{CtSeries}.1"), file: "kept.dcm");
        await Store(t, TestHeaders.Ct($"{CtSeries}.2"));

        await t.ReopenAsync();

        Assert.Equal(2, await t.Index.CountInstancesAsync());
        Assert.Equal("kept.dcm", (await t.Index.FindInstanceAsync($"{CtSeries}.1"))!.File);
        Assert.Equal(2, (await t.Index.FindStudyAsync(Study))!.NumberOfStudyRelatedInstances);
        Assert.Equal(StoreOutcomeKind.Added, (await Store(t, TestHeaders.Ct($"{CtSeries}.3"))).Kind);
        Assert.Equal((long)SqliteSchema.CurrentVersion, t.Scalar("PRAGMA user_version"));
        Assert.Equal("wal", t.Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_store_cancelled_before_it_is_written_is_not_indexed()
    {
        await using var t = new TempIndex();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await t.Index.StoreAsync(TestHeaders.Record(TestHeaders.Ct($"{CtSeries}.1")), DuplicatePolicy.Replace, cancelled.Token));
        Assert.Equal(0, await t.Index.CountInstancesAsync());
    }

    [Fact]
    public async Task A_header_without_a_study_uid_is_refused()
    {
        await using var t = new TempIndex();
        var header = TestHeaders.Ct($"{CtSeries}.1");
        header.Remove(DicomTags.StudyInstanceUID);
        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await Store(t, header));
        Assert.Contains("Study Instance UID", ex.Message);
    }

    [Fact]
    public async Task Eight_associations_storing_at_once_are_all_indexed_with_the_right_counts()
    {
        await using var t = new TempIndex();
        const int tasks = 8, perTask = 200;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, tasks).Select(task => Task.Run(async () =>
        {
            var kinds = new List<StoreOutcomeKind>();
            for (int i = 0; i < perTask; i++)
            {
                // Two studies shared by all the tasks, one series per task.
                var header = TestHeaders.Ct($"1.2.9.{task % 2}.{task}.{i + 1}", studyUid: $"1.2.9.{task % 2}", seriesUid: $"1.2.9.{task % 2}.{task}");
                kinds.Add((await t.Index.StoreAsync(TestHeaders.Record(header), DuplicatePolicy.Replace)).Kind);
            }
            return kinds;
        })));

        Assert.All(outcomes.SelectMany(k => k), k => Assert.Equal(StoreOutcomeKind.Added, k));
        Assert.Equal(tasks * perTask, await t.Index.CountInstancesAsync());
        foreach (var study in new[] { "1.2.9.0", "1.2.9.1" })
        {
            var s = (await t.Index.FindStudyAsync(study))!;
            Assert.Equal(tasks / 2, s.NumberOfStudyRelatedSeries);
            Assert.Equal(tasks / 2 * perTask, s.NumberOfStudyRelatedInstances);
        }
        Assert.Equal(tasks * perTask, Count(t, "SELECT num_instances FROM patients"));
        Assert.Equal(tasks, Count(t, "SELECT num_series FROM patients"));
        Assert.Equal(0, Count(t, "SELECT count(*) FROM series WHERE num_instances <> " + perTask));
    }
}
