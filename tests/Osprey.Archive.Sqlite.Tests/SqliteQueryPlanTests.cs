using Osprey.Archive.Index;
using Osprey.Archive.Tests.Index;

namespace Osprey.Archive.Sqlite.Tests;

/// <summary>
/// The study-level lookups a C-FIND makes most (PS3.4 C.6.2.1.2: by Patient ID, Accession Number,
/// Study Instance UID, a Study Date range, a Patient's Name prefix) are answered through an index,
/// never by reading a whole table: for the SQL the index really runs (<see cref="SqliteSelection"/>),
/// in both case modes and with empty matching on and off, SQLite's plan says SEARCH … USING INDEX
/// for every table, never SCAN.
/// </summary>
public class SqliteQueryPlanTests
{
    public static TheoryData<string, IndexCondition> Lookups()
    {
        var data = new TheoryData<string, IndexCondition>();
        foreach (bool orEmpty in new[] { false, true })
        {
            string empty = orEmpty ? ", or empty" : "";
            data.Add("Patient ID" + empty, new(IndexColumn.PatientId, IndexConditionKind.Equal, ["PAT-7"], orEmpty));
            data.Add("Patient ID, any case" + empty, new(IndexColumn.PatientIdFolded, IndexConditionKind.Equal, ["PAT-7"], orEmpty));
            data.Add("Accession Number" + empty, new(IndexColumn.AccessionNumber, IndexConditionKind.Equal, ["ACC-7"], orEmpty));
            data.Add("Accession Number, any case" + empty, new(IndexColumn.AccessionNumberFolded, IndexConditionKind.Equal, ["ACC-7"], orEmpty));
            data.Add("Study Instance UID" + empty, new(IndexColumn.StudyInstanceUid, IndexConditionKind.AnyOf, ["1.2.4.7"], orEmpty));
            data.Add("Study Date range" + empty, new(IndexColumn.StudyDate, IndexConditionKind.Range, ["20240305", "20240307"], orEmpty));
            data.Add("Study Date from" + empty, new(IndexColumn.StudyDate, IndexConditionKind.Range, ["20240319", ""], orEmpty));
            data.Add("Patient's Name prefix" + empty, new(IndexColumn.PatientNameFolded, IndexConditionKind.Prefix, ["MÜLLER^H"], orEmpty));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Lookups))]
    public async Task A_study_level_lookup_searches_an_index(string key, IndexCondition condition)
    {
        await using var t = new TempIndex();
        for (int i = 0; i < 20; i++)
        {
            var header = TestHeaders.Ct($"1.2.4.{i}.1.1", studyUid: $"1.2.4.{i}", seriesUid: $"1.2.4.{i}.1", patientId: $"PAT-{i}",
                patientName: i % 2 == 0 ? $"Müller^Hans{i}" : $"Meier^Eva{i}", accessionNumber: $"ACC-{i}", studyDate: $"202403{i + 1:D2}", characterSet: "ISO_IR 192");
            await t.Index.StoreAsync(TestHeaders.Record(header), DuplicatePolicy.Replace);
        }
        var selection = new IndexSelection(IndexLevel.Study, [condition]);

        using var c = t.Connect();
        using var explain = SqliteSelection.Entities(c, selection);
        explain.CommandText = "EXPLAIN QUERY PLAN " + explain.CommandText;
        var plan = new List<string>();
        using (var r = explain.ExecuteReader())
            while (r.Read()) plan.Add(r.GetString(3));

        var steps = string.Join(" | ", plan);
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN ", StringComparison.Ordinal));
        Assert.True(plan.Count(step => step.StartsWith("SEARCH ", StringComparison.Ordinal)) >= 2, $"{key}: {steps}");
        Assert.Contains(plan, step => step.Contains("USING INDEX", StringComparison.Ordinal) || step.Contains("USING COVERING INDEX", StringComparison.Ordinal));

        // And the selection finds what it should.
        var found = new List<string>();
        await foreach (var study in t.Index.SelectAsync(selection)) found.Add(study.GetString(Osprey.Dicom.Dictionary.DicomTags.StudyInstanceUID)!);
        Assert.NotEmpty(found);
    }
}
