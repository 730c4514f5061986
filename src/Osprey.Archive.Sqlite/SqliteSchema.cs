using Microsoft.Data.Sqlite;
using Osprey.Archive.Index;

namespace Osprey.Archive.Sqlite;

/// <summary>
/// The tables of the embedded index: the four levels of the Query/Retrieve information model
/// (PS3.4 C.6.1.1: patient, study, series, instance), each row a level entity with the columns
/// queries match on, the computed attributes of PS3.4 C.3.4, and the level's other attributes as
/// DICOM JSON (PS3.18 F.2). <c>PRAGMA user_version</c> holds the schema version; each later version
/// appends a migration to <see cref="Migrations"/>.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this code reads and writes.</summary>
    public const int CurrentVersion = 2;

    /// <summary>
    /// Migration i takes a database from version i to i + 1 (version 0 is an empty file): its SQL,
    /// then, where SQL cannot compute new columns (Unicode case folding), a step in code.
    /// </summary>
    private static readonly (string Sql, Action<SqliteConnection>? Backfill)[] Migrations =
    [
        (Version1, null),
        (Version2, BackfillFoldedKeys),
    ];

    // Text is decoded Unicode. Dates are YYYYMMDD text, times the TM text; received_at, created_at
    // and updated_at are Unix time in milliseconds (UTC). Multi-valued computed attributes
    // (modalities_in_study, sop_classes_in_study) are backslash-separated, sorted.
    // Patient identity is Patient ID + Issuer of Patient ID; an absent one is ''.
    private const string Version1 = """
        CREATE TABLE patients (
            pk                    INTEGER PRIMARY KEY,
            patient_id            TEXT NOT NULL,
            issuer_of_patient_id  TEXT NOT NULL,
            patient_name          TEXT,
            patient_name_folded   TEXT,
            patient_birth_date    TEXT,
            patient_sex           TEXT,
            num_studies           INTEGER NOT NULL DEFAULT 0,
            num_series            INTEGER NOT NULL DEFAULT 0,
            num_instances         INTEGER NOT NULL DEFAULT 0,
            attributes            TEXT NOT NULL
        );
        CREATE UNIQUE INDEX patients_identity ON patients (patient_id, issuer_of_patient_id);
        CREATE INDEX patients_name_folded ON patients (patient_name_folded);

        CREATE TABLE studies (
            pk                        INTEGER PRIMARY KEY,
            patient_pk                INTEGER NOT NULL REFERENCES patients (pk),
            study_uid                 TEXT NOT NULL,
            study_date                TEXT,
            study_time                TEXT,
            accession_number          TEXT,
            study_id                  TEXT,
            referring_physician_name  TEXT,
            study_description         TEXT,
            specific_character_set    TEXT,
            modalities_in_study       TEXT NOT NULL DEFAULT '',
            sop_classes_in_study      TEXT NOT NULL DEFAULT '',
            num_series                INTEGER NOT NULL DEFAULT 0,
            num_instances             INTEGER NOT NULL DEFAULT 0,
            created_at                INTEGER NOT NULL,
            updated_at                INTEGER NOT NULL,
            attributes                TEXT NOT NULL
        );
        CREATE UNIQUE INDEX studies_uid ON studies (study_uid);
        CREATE INDEX studies_patient ON studies (patient_pk);
        CREATE INDEX studies_accession ON studies (accession_number);
        CREATE INDEX studies_date ON studies (study_date, study_time);

        CREATE TABLE series (
            pk             INTEGER PRIMARY KEY,
            study_pk       INTEGER NOT NULL REFERENCES studies (pk),
            series_uid     TEXT NOT NULL,
            modality       TEXT,
            series_number  INTEGER,
            num_instances  INTEGER NOT NULL DEFAULT 0,
            attributes     TEXT NOT NULL
        );
        CREATE UNIQUE INDEX series_uid ON series (series_uid);
        CREATE INDEX series_study ON series (study_pk);

        CREATE TABLE instances (
            pk                      INTEGER PRIMARY KEY,
            series_pk               INTEGER NOT NULL REFERENCES series (pk),
            sop_uid                 TEXT NOT NULL,
            sop_class_uid           TEXT NOT NULL,
            instance_number         INTEGER,
            specific_character_set  TEXT,
            transfer_syntax_uid     TEXT NOT NULL,
            file                    TEXT NOT NULL,
            size                    INTEGER NOT NULL,
            source_ae               TEXT NOT NULL,
            received_at             INTEGER NOT NULL,
            attributes              TEXT NOT NULL
        );
        CREATE UNIQUE INDEX instances_uid ON instances (sop_uid);
        CREATE INDEX instances_series ON instances (series_pk);
        """;

    // Version 2: the C-FIND keys that are matched without regard to case by default
    // (Dicom:CaseSensitiveQueries false) get folded copies with indexes of their own, so that a
    // query by Patient ID or Accession Number is answered from an index in either mode. NULL when
    // the instance had no value.
    private const string Version2 = """
        ALTER TABLE patients ADD COLUMN patient_id_folded TEXT;
        ALTER TABLE studies ADD COLUMN accession_number_folded TEXT;
        CREATE INDEX patients_id_folded ON patients (patient_id_folded);
        CREATE INDEX studies_accession_folded ON studies (accession_number_folded);
        """;

    private static void BackfillFoldedKeys(SqliteConnection connection)
    {
        Fold(connection, "patients", "patient_id", "patient_id_folded");
        Fold(connection, "studies", "accession_number", "accession_number_folded");
    }

    private static void Fold(SqliteConnection connection, string table, string column, string folded)
    {
        var rows = new List<(long Pk, string Value)>();
        using (var select = connection.CreateCommand())
        {
            select.CommandText = $"SELECT pk, {column} FROM {table} WHERE {column} IS NOT NULL AND {column} <> ''";
            using var reader = select.ExecuteReader();
            while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetString(1)));
        }
        using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE {table} SET {folded} = $folded WHERE pk = $pk";
        var pk = update.Parameters.Add("$pk", SqliteType.Integer);
        var value = update.Parameters.Add("$folded", SqliteType.Text);
        foreach (var row in rows)
        {
            pk.Value = row.Pk;
            value.Value = IndexTextFolding.Fold(row.Value);
            update.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Settings of every writing connection: WAL so readers run beside the one writer; NORMAL
    /// synchronous because the writer flushes the WAL itself after every commit (fdatasync, see
    /// <see cref="SqliteIndexWriter"/>), so a commit (an acknowledged C-STORE) survives power loss
    /// just as with FULL, without the journal commit that SQLite's fsync costs; foreign keys checked;
    /// a 64 MiB page cache; temporary tables in memory; the WAL file trimmed after checkpoints.
    /// </summary>
    public const string WriterPragmas = """
        PRAGMA synchronous = NORMAL;
        PRAGMA foreign_keys = ON;
        PRAGMA cache_size = -65536;
        PRAGMA temp_store = MEMORY;
        PRAGMA journal_size_limit = 67108864;
        """;

    /// <summary>Creates the schema in an empty database or brings an older one up to <see cref="CurrentVersion"/>.</summary>
    /// <exception cref="ArchiveIndexException">The database was made by a newer Osprey.</exception>
    public static void EnsureCurrent(SqliteConnection connection, string databasePath) => Migrate(connection, databasePath, CurrentVersion);

    /// <summary>Brings the database up to <paramref name="target"/> (tests make older databases with it).</summary>
    internal static void Migrate(SqliteConnection connection, string databasePath, int target)
    {
        int version = UserVersion(connection);
        if (version == target) return;
        if (version > CurrentVersion)
            throw new ArchiveIndexException($"index database {databasePath}: schema version {version} is newer than this Osprey understands ({CurrentVersion}); use a newer Osprey");

        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();
        try
        {
            version = UserVersion(connection); // another process may have migrated it meanwhile
            for (; version < target; version++)
            {
                var (sql, backfill) = Migrations[version];
                using (var migrate = connection.CreateCommand())
                {
                    migrate.CommandText = sql;
                    migrate.ExecuteNonQuery();
                }
                backfill?.Invoke(connection);
                using var stamp = connection.CreateCommand();
                stamp.CommandText = $"PRAGMA user_version = {version + 1};";
                stamp.ExecuteNonQuery();
            }
            using var commit = connection.CreateCommand();
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }
        catch
        {
            using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            try { rollback.ExecuteNonQuery(); } catch (SqliteException) { /* already rolled back */ }
            throw;
        }
    }

    public static int UserVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
