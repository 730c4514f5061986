using Microsoft.Data.Sqlite;
using Osprey.Archive.Index;

namespace Osprey.Archive.Sqlite.Tests;

/// <summary>An index made by an older Osprey is brought up to date when it is opened, its data kept.</summary>
public class SqliteSchemaMigrationTests
{
    [Fact]
    public async Task A_version_1_index_gets_the_folded_query_keys_of_version_2()
    {
        await using var t = new TempIndex();
        await t.Index.DisposeAsync();
        File.Delete(t.DatabasePath);

        // A version 1 database holding one patient and one study, as Osprey 1 wrote them.
        using (var c = t.Connect())
        {
            SqliteSchema.Migrate(c, t.DatabasePath, 1);
            using var insert = c.CreateCommand();
            insert.CommandText = """
                INSERT INTO patients (pk, patient_id, issuer_of_patient_id, attributes) VALUES (1, 'pat-ü1', '', '{}'), (2, '', '', '{}');
                INSERT INTO studies (pk, patient_pk, study_uid, accession_number, created_at, updated_at, attributes)
                    VALUES (1, 1, '1.2.3', 'acc-ß9', 0, 0, '{}'), (2, 2, '1.2.4', NULL, 0, 0, '{}');
                """;
            insert.ExecuteNonQuery();
            SqliteConnection.ClearPool(c);
        }

        await t.ReopenAsync();

        Assert.Equal((long)SqliteSchema.CurrentVersion, t.Scalar("PRAGMA user_version"));
        Assert.Equal(IndexTextFolding.Fold("pat-ü1"), t.Scalar("SELECT patient_id_folded FROM patients WHERE pk = 1"));
        Assert.Equal(DBNull.Value, t.Scalar("SELECT patient_id_folded FROM patients WHERE pk = 2"));
        Assert.Equal("ACC-ß9".ToUpperInvariant(), t.Scalar("SELECT accession_number_folded FROM studies WHERE pk = 1"));
        Assert.Equal(DBNull.Value, t.Scalar("SELECT accession_number_folded FROM studies WHERE pk = 2"));
        Assert.Equal("1.2.3", (await t.Index.FindStudyAsync("1.2.3"))!.StudyInstanceUid);
    }
}
