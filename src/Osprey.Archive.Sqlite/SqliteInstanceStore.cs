using Microsoft.Data.Sqlite;
using Osprey.Archive.Index;

namespace Osprey.Archive.Sqlite;

/// <summary>
/// Indexes one instance inside the writer's open transaction: finds or creates its patient, study
/// and series rows, writes the instance row, refreshes each level's attributes from the newer header
/// (last writer wins) and keeps the computed attributes of PS3.4 C.3.4 right — Number of Patient
/// Related Studies/Series/Instances, Number of Study Related Series/Instances, Number of Series
/// Related Instances, Modalities in Study, SOP Classes in Study. An instance that only adds to its
/// series moves the counts by increments; one that moves an existing instance, series or study to
/// another parent (its UIDs or Patient ID changed) has the counts of every row it touched recounted,
/// and rows left empty deleted.
/// </summary>
internal sealed class SqliteInstanceStore : IDisposable
{
    private readonly SqliteStatement _lookup;
    private readonly SqliteStatement _insertInstance, _updateInstance;
    private readonly SqliteStatement _insertPatient, _updatePatient;
    private readonly SqliteStatement _insertStudy, _updateStudy, _studyPatient;
    private readonly SqliteStatement _insertSeries, _updateSeries, _seriesStudy;
    private readonly SqliteStatement _studyModalities, _studySopClasses;
    private readonly SqliteStatement _recountSeries, _deleteEmptySeries, _recountStudy, _deleteEmptyStudy, _recountPatient, _deleteEmptyPatient;
    private readonly SqliteStatement[] _all;

    public SqliteInstanceStore(SqliteConnection c)
    {
        // Everything a store needs to know, in one statement: which rows exist already, and where they hang.
        _lookup = new(c, """
            SELECT (SELECT pk FROM patients WHERE patient_id = $patient_id AND issuer_of_patient_id = $issuer),
                st.pk, st.patient_pk, st.sop_classes_in_study,
                se.pk, se.study_pk, se.modality,
                i.pk, i.series_pk, i.file, i.sop_class_uid, i.source_ae, i.received_at
            FROM (SELECT 1)
                LEFT JOIN studies st ON st.study_uid = $study_uid
                LEFT JOIN series se ON se.series_uid = $series_uid
                LEFT JOIN instances i ON i.sop_uid = $sop_uid
            """, "$patient_id", "$issuer", "$study_uid", "$series_uid", "$sop_uid");
        _insertInstance = new(c, """
            INSERT INTO instances (series_pk, sop_uid, sop_class_uid, instance_number, specific_character_set,
                transfer_syntax_uid, file, size, source_ae, received_at, attributes)
            VALUES ($series, $uid, $class, $number, $charset, $ts, $file, $size, $ae, $received, $attributes)
            """, "$series", "$uid", "$class", "$number", "$charset", "$ts", "$file", "$size", "$ae", "$received", "$attributes");
        _updateInstance = new(c, """
            UPDATE instances SET series_pk = $series, sop_class_uid = $class, instance_number = $number,
                specific_character_set = $charset, transfer_syntax_uid = $ts, file = $file, size = $size,
                source_ae = $ae, received_at = $received, attributes = $attributes
            WHERE pk = $pk
            """, "$pk", "$series", "$class", "$number", "$charset", "$ts", "$file", "$size", "$ae", "$received", "$attributes");

        _insertPatient = new(c, """
            INSERT INTO patients (patient_id, patient_id_folded, issuer_of_patient_id, patient_name, patient_name_folded,
                patient_birth_date, patient_sex, attributes)
            VALUES ($id, $id_folded, $issuer, $name, $folded, $birth, $sex, $attributes) RETURNING pk
            """, "$id", "$id_folded", "$issuer", "$name", "$folded", "$birth", "$sex", "$attributes");
        _updatePatient = new(c, """
            UPDATE patients SET patient_name = $name, patient_name_folded = $folded, patient_birth_date = $birth,
                patient_sex = $sex, attributes = $attributes, num_studies = num_studies + $studies,
                num_series = num_series + $series, num_instances = num_instances + $instances
            WHERE pk = $pk
            """, "$pk", "$name", "$folded", "$birth", "$sex", "$attributes", "$studies", "$series", "$instances");

        _insertStudy = new(c, """
            INSERT INTO studies (patient_pk, study_uid, study_date, study_time, accession_number, accession_number_folded, study_id,
                referring_physician_name, study_description, specific_character_set, created_at, updated_at, attributes)
            VALUES ($patient, $uid, $date, $time, $accession, $accession_folded, $id, $referring, $description, $charset, $now, $now, $attributes)
            RETURNING pk
            """, "$patient", "$uid", "$date", "$time", "$accession", "$accession_folded", "$id", "$referring", "$description", "$charset", "$now", "$attributes");
        _updateStudy = new(c, """
            UPDATE studies SET patient_pk = $patient, study_date = $date, study_time = $time, accession_number = $accession,
                accession_number_folded = $accession_folded, study_id = $id, referring_physician_name = $referring, study_description = $description,
                specific_character_set = $charset, updated_at = $now, attributes = $attributes,
                num_series = num_series + $series, num_instances = num_instances + $instances
            WHERE pk = $pk
            """, "$pk", "$patient", "$date", "$time", "$accession", "$accession_folded", "$id", "$referring", "$description", "$charset", "$now", "$attributes", "$series", "$instances");
        _studyPatient = new(c, "SELECT patient_pk FROM studies WHERE pk = $pk", "$pk");

        _insertSeries = new(c, """
            INSERT INTO series (study_pk, series_uid, modality, series_number, attributes)
            VALUES ($study, $uid, $modality, $number, $attributes) RETURNING pk
            """, "$study", "$uid", "$modality", "$number", "$attributes");
        _updateSeries = new(c, """
            UPDATE series SET study_pk = $study, modality = $modality, series_number = $number, attributes = $attributes,
                num_instances = num_instances + $instances
            WHERE pk = $pk
            """, "$pk", "$study", "$modality", "$number", "$attributes", "$instances");
        _seriesStudy = new(c, "SELECT study_pk FROM series WHERE pk = $pk", "$pk");

        // Modalities in Study and SOP Classes in Study: distinct values, sorted, backslash-separated.
        _studyModalities = new(c, """
            UPDATE studies SET modalities_in_study = (
                SELECT coalesce(group_concat(m, '\' ORDER BY m), '')
                FROM (SELECT DISTINCT modality AS m FROM series WHERE study_pk = $pk AND modality IS NOT NULL))
            WHERE pk = $pk
            """, "$pk");
        _studySopClasses = new(c, """
            UPDATE studies SET sop_classes_in_study = (
                SELECT coalesce(group_concat(k, '\' ORDER BY k), '')
                FROM (SELECT DISTINCT i.sop_class_uid AS k FROM series s JOIN instances i ON i.series_pk = s.pk
                      WHERE s.study_pk = $pk AND i.sop_class_uid <> ''))
            WHERE pk = $pk
            """, "$pk");

        _recountSeries = new(c, "UPDATE series SET num_instances = (SELECT count(*) FROM instances WHERE series_pk = $pk) WHERE pk = $pk", "$pk");
        _deleteEmptySeries = new(c, "DELETE FROM series WHERE pk = $pk AND num_instances = 0", "$pk");
        _recountStudy = new(c, """
            UPDATE studies SET num_series = (SELECT count(*) FROM series WHERE study_pk = $pk),
                num_instances = (SELECT coalesce(sum(num_instances), 0) FROM series WHERE study_pk = $pk),
                updated_at = $now
            WHERE pk = $pk
            """, "$pk", "$now");
        _deleteEmptyStudy = new(c, "DELETE FROM studies WHERE pk = $pk AND num_series = 0", "$pk");
        _recountPatient = new(c, """
            UPDATE patients SET num_studies = (SELECT count(*) FROM studies WHERE patient_pk = $pk),
                num_series = (SELECT coalesce(sum(num_series), 0) FROM studies WHERE patient_pk = $pk),
                num_instances = (SELECT coalesce(sum(num_instances), 0) FROM studies WHERE patient_pk = $pk)
            WHERE pk = $pk
            """, "$pk");
        _deleteEmptyPatient = new(c, "DELETE FROM patients WHERE pk = $pk AND num_studies = 0", "$pk");

        _all = [_lookup, _insertInstance, _updateInstance, _insertPatient, _updatePatient,
            _insertStudy, _updateStudy, _studyPatient, _insertSeries, _updateSeries, _seriesStudy,
            _studyModalities, _studySopClasses, _recountSeries, _deleteEmptySeries, _recountStudy, _deleteEmptyStudy,
            _recountPatient, _deleteEmptyPatient];
    }

    /// <summary>Indexes the instance; <paramref name="now"/> (Unix ms) becomes the study's last-update time.</summary>
    /// <remarks>
    /// The writer's transaction holds SQLite's write lock (BEGIN IMMEDIATE) from the lookup to the
    /// commit, so whether the SOP Instance UID is indexed already is decided here, once, even when
    /// other processes write the same database; <c>instances_uid</c> is a unique index besides.
    /// </remarks>
    public StoreOutcome Store(InstanceRecord record, IndexedHeader h, DuplicatePolicy policy, long now)
    {
        var found = Lookup(h);
        var existing = found.Instance;
        if (existing is not null && policy != DuplicatePolicy.Replace)
        {
            var kept = new StoredInstance(existing.File, existing.SourceAeTitle, DateTimeOffset.FromUnixTimeMilliseconds(existing.ReceivedAt));
            return new StoreOutcome(policy == DuplicatePolicy.Keep ? StoreOutcomeKind.KeptExisting : StoreOutcomeKind.RejectedDuplicate, Existing: kept);
        }

        // Rows that lose a child to another parent: their counts are recounted below.
        Moves? moves = null;

        long patientPk = found.PatientPk
            ?? (long)_insertPatient.Scalar(h.PatientId, h.PatientIdFolded, h.IssuerOfPatientId, h.PatientName, h.PatientNameFolded,
                h.PatientBirthDate, h.PatientSex, h.PatientAttributes)!;

        long studyPk;
        bool newStudy = found.Study is null;
        if (found.Study is { } studyRow)
        {
            studyPk = studyRow.Pk;
            if (studyRow.ParentPk != patientPk) (moves ??= new()).Patients.Add(studyRow.ParentPk); // Patient ID changed: the study moves
        }
        else
        {
            studyPk = (long)_insertStudy.Scalar(patientPk, h.StudyInstanceUid, h.StudyDate, h.StudyTime, h.AccessionNumber, h.AccessionNumberFolded,
                h.StudyId, h.ReferringPhysicianName, h.StudyDescription, h.SpecificCharacterSet, now, h.StudyAttributes)!;
        }

        long seriesPk;
        bool newSeries = found.Series is null, modalityChanged = false;
        if (found.Series is { } seriesRow)
        {
            seriesPk = seriesRow.Pk;
            modalityChanged = seriesRow.Value != h.Modality;
            if (seriesRow.ParentPk != studyPk) (moves ??= new()).AddStudy(seriesRow.ParentPk, this); // Study Instance UID changed: the series moves
        }
        else
        {
            seriesPk = (long)_insertSeries.Scalar(studyPk, h.SeriesInstanceUid, h.Modality, h.SeriesNumber, h.SeriesAttributes)!;
        }

        bool sopClassChanged = false;
        if (existing is { } old)
        {
            if (old.SeriesPk != seriesPk) (moves ??= new()).AddSeries(old.SeriesPk, this); // Series Instance UID changed: the instance moves
            sopClassChanged = old.SopClassUid != h.SopClassUid;
            _updateInstance.Execute(old.Pk, seriesPk, h.SopClassUid, h.InstanceNumber, h.SpecificCharacterSet, record.TransferSyntaxUid,
                record.File, record.Size, record.SourceAeTitle, record.ReceivedAt.ToUnixTimeMilliseconds(), h.InstanceAttributes);
        }
        else
        {
            _insertInstance.Execute(seriesPk, h.SopInstanceUid, h.SopClassUid, h.InstanceNumber, h.SpecificCharacterSet, record.TransferSyntaxUid,
                record.File, record.Size, record.SourceAeTitle, record.ReceivedAt.ToUnixTimeMilliseconds(), h.InstanceAttributes);
        }

        if (moves is null)
        {
            int instances = existing is null ? 1 : 0, series = newSeries ? 1 : 0, studies = newStudy ? 1 : 0;
            _updateSeries.Execute(seriesPk, studyPk, h.Modality, h.SeriesNumber, h.SeriesAttributes, instances);
            _updateStudy.Execute(studyPk, patientPk, h.StudyDate, h.StudyTime, h.AccessionNumber, h.AccessionNumberFolded, h.StudyId, h.ReferringPhysicianName,
                h.StudyDescription, h.SpecificCharacterSet, now, h.StudyAttributes, series, instances);
            _updatePatient.Execute(patientPk, h.PatientName, h.PatientNameFolded, h.PatientBirthDate, h.PatientSex, h.PatientAttributes,
                studies, series, instances);
            if (newSeries || modalityChanged) _studyModalities.Execute(studyPk);
            if (sopClassChanged || (h.SopClassUid.Length > 0 && !ContainsValue(found.Study?.Value ?? "", h.SopClassUid))) _studySopClasses.Execute(studyPk);
        }
        else
        {
            // Attributes from the newer header and the new parents; the counts come from recounting.
            _updateSeries.Execute(seriesPk, studyPk, h.Modality, h.SeriesNumber, h.SeriesAttributes, 0);
            _updateStudy.Execute(studyPk, patientPk, h.StudyDate, h.StudyTime, h.AccessionNumber, h.AccessionNumberFolded, h.StudyId, h.ReferringPhysicianName,
                h.StudyDescription, h.SpecificCharacterSet, now, h.StudyAttributes, 0, 0);
            _updatePatient.Execute(patientPk, h.PatientName, h.PatientNameFolded, h.PatientBirthDate, h.PatientSex, h.PatientAttributes, 0, 0, 0);
            moves.Series.Add(seriesPk);
            moves.Studies.Add(studyPk);
            moves.Patients.Add(patientPk);
            Recount(moves, now);
        }

        if (existing is null) return new StoreOutcome(StoreOutcomeKind.Added);
        return new StoreOutcome(StoreOutcomeKind.Replaced, existing.File != record.File ? existing.File : null);
    }

    /// <summary>An existing study or series row: its key, its parent's key, and one value the store needs (SOP classes, modality).</summary>
    private readonly record struct ExistingRow(long Pk, long ParentPk, string? Value);

    private sealed record ExistingInstance(long Pk, long SeriesPk, string File, string SopClassUid, string SourceAeTitle, long ReceivedAt);

    private readonly record struct Found(long? PatientPk, ExistingRow? Study, ExistingRow? Series, ExistingInstance? Instance);

    private Found Lookup(IndexedHeader h)
    {
        using var r = _lookup.Query(h.PatientId, h.IssuerOfPatientId, h.StudyInstanceUid, h.SeriesInstanceUid, h.SopInstanceUid);
        r.Read();
        return new Found(
            r.IsDBNull(0) ? null : r.GetInt64(0),
            r.IsDBNull(1) ? null : new ExistingRow(r.GetInt64(1), r.GetInt64(2), r.GetString(3)),
            r.IsDBNull(4) ? null : new ExistingRow(r.GetInt64(4), r.GetInt64(5), r.IsDBNull(6) ? null : r.GetString(6)),
            r.IsDBNull(7) ? null : new ExistingInstance(r.GetInt64(7), r.GetInt64(8), r.GetString(9), r.GetString(10), r.GetString(11), r.GetInt64(12)));
    }

    /// <summary>The rows whose children moved: recounted bottom-up, deleted when left empty.</summary>
    private sealed class Moves
    {
        public readonly HashSet<long> Series = [], Studies = [], Patients = [];

        public void AddSeries(long seriesPk, SqliteInstanceStore store)
        {
            Series.Add(seriesPk);
            if (store._seriesStudy.Scalar(seriesPk) is long study) AddStudy(study, store);
        }

        public void AddStudy(long studyPk, SqliteInstanceStore store)
        {
            Studies.Add(studyPk);
            if (store._studyPatient.Scalar(studyPk) is long patient) Patients.Add(patient);
        }
    }

    private void Recount(Moves moves, long now)
    {
        foreach (var pk in moves.Series)
        {
            _recountSeries.Execute(pk);
            _deleteEmptySeries.Execute(pk);
        }
        foreach (var pk in moves.Studies)
        {
            _recountStudy.Execute(pk, now);
            _studyModalities.Execute(pk);
            _studySopClasses.Execute(pk);
            _deleteEmptyStudy.Execute(pk);
        }
        foreach (var pk in moves.Patients)
        {
            _recountPatient.Execute(pk);
            _deleteEmptyPatient.Execute(pk);
        }
    }

    /// <summary>Whether a backslash-separated list holds the value.</summary>
    internal static bool ContainsValue(string list, string value)
    {
        foreach (var range in list.AsSpan().Split('\\'))
            if (list.AsSpan(range).SequenceEqual(value)) return true;
        return false;
    }

    public void Dispose()
    {
        foreach (var s in _all) s.Dispose();
    }
}
