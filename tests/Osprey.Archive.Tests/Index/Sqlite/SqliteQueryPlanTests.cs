using Osprey.Archive.Index;

namespace Osprey.Archive.Tests.Index.Sqlite;

/// <summary>
/// The study-level lookups a C-FIND makes most (PS3.4 C.6.2.1.2: by Patient ID, Accession Number,
/// Study Instance UID, a Study Date range, a Patient's Name prefix) are answered through an index,
/// never by reading a whole table: SQLite's plan says SEARCH … USING INDEX, not SCAN.
/// </summary>
public class SqliteQueryPlanTests
{
    private const string StudyLevel = "SELECT st.study_uid, st.attributes, p.attributes FROM studies st JOIN patients p ON p.pk = st.patient_pk WHERE ";

    public static TheoryData<string, string, object[]> Lookups => new()
    {
        { "Patient ID", "p.patient_id = $1", ["PAT-7"] },
        { "Accession Number", "st.accession_number = $1", ["ACC-7"] },
        { "Study Instance UID", "st.study_uid = $1", ["1.2.4.7"] },
        { "Study Date range", "st.study_date BETWEEN $1 AND $2", ["20240301", "20240331"] },
        { "Patient's Name prefix (range)", "p.patient_name_folded >= $1 AND p.patient_name_folded < $2", ["MÜL", "MÜM"] },
        { "Patient's Name prefix (GLOB)", "p.patient_name_folded GLOB $1", ["MÜL*"] },
    };

    [Theory]
    [MemberData(nameof(Lookups))]
    public async Task A_study_level_lookup_searches_an_index(string key, string where, object[] values)
    {
        await using var t = new TempIndex();
        for (int i = 0; i < 20; i++)
        {
            var header = TestHeaders.Ct($"1.2.4.{i}.1.1", studyUid: $"1.2.4.{i}", seriesUid: $"1.2.4.{i}.1", patientId: $"PAT-{i}",
                patientName: i % 2 == 0 ? $"Müller^Hans{i}" : $"Meier^Eva{i}", accessionNumber: $"ACC-{i}", studyDate: $"202403{i + 1:D2}", characterSet: "ISO_IR 192");
            await t.Index.StoreAsync(TestHeaders.Record(header), DuplicatePolicy.Replace);
        }

        using var c = t.Connect();
        using var explain = c.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + StudyLevel + where;
        for (int i = 0; i < values.Length; i++) explain.Parameters.AddWithValue($"${i + 1}", values[i]);
        var plan = new List<string>();
        using (var r = explain.ExecuteReader())
            while (r.Read()) plan.Add(r.GetString(3));

        Assert.True(plan.All(step => step.StartsWith("SEARCH ", StringComparison.Ordinal)), $"{key}: {string.Join(" | ", plan)}");
        Assert.Contains(plan, step => step.Contains("USING INDEX", StringComparison.Ordinal) || step.Contains("USING COVERING INDEX", StringComparison.Ordinal));

        // And the lookup finds what it should.
        using var query = c.CreateCommand();
        query.CommandText = "SELECT count(*) " + StudyLevel[StudyLevel.IndexOf(" FROM", StringComparison.Ordinal)..] + where;
        for (int i = 0; i < values.Length; i++) query.Parameters.AddWithValue($"${i + 1}", values[i]);
        Assert.True((long)query.ExecuteScalar()! >= 1, key);
    }
}
