using System.Globalization;
using Microsoft.Data.Sqlite;
using Osprey.Archive.Index;
using Osprey.Dicom.Data;
using Osprey.Dicom.Json;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Archive.Sqlite;

/// <summary>
/// Turns rows of <see cref="SqliteSelection.Entities"/> into data sets: each level's attributes
/// (kept as DICOM JSON, PS3.18 F.2) with the unique keys kept in columns and the computed attributes
/// of PS3.4 C.3.4 (Number of Patient/Study/Series Related …, Modalities in Study, SOP Classes in
/// Study), text in UTF-8. The levels above the selection's come out of a cache: an IMAGE query over
/// a series reads its patient, study and series JSON once.
/// </summary>
internal sealed class SqliteEntityReader(IndexLevel level)
{
    private const string Utf8 = "ISO_IR 192";
    private readonly Dictionary<(IndexLevel, long), DicomDataset> _parents = [];

    public DicomDataset Read(SqliteDataReader r)
    {
        var entity = new DicomDataset();
        entity.AddOrUpdate(T.SpecificCharacterSet, Utf8);
        // Every indexed instance has its file in the archive's storage (PS3.4 C.4.1.1.3.2, Instance Availability).
        entity.AddOrUpdate(T.InstanceAvailability, "ONLINE");

        // patient: pk, patient_id, issuer, num_studies, num_series, num_instances, attributes
        Merge(entity, Level(IndexLevel.Patient, r, 0, 6));
        if (r.GetString(1) is { Length: > 0 } patientId) entity.AddOrUpdate(T.PatientID, patientId);
        if (r.GetString(2) is { Length: > 0 } issuer) entity.AddOrUpdate(T.IssuerOfPatientID, issuer);
        if (level <= IndexLevel.Study)
        {
            // Also at study level: the Study Root model's study level carries the patient's attributes.
            Count(entity, T.NumberOfPatientRelatedStudies, r.GetInt64(3));
            Count(entity, T.NumberOfPatientRelatedSeries, r.GetInt64(4));
            Count(entity, T.NumberOfPatientRelatedInstances, r.GetInt64(5));
        }
        if (level == IndexLevel.Patient) return entity;

        // study: pk, study_uid, num_series, num_instances, modalities_in_study, sop_classes_in_study, attributes
        Merge(entity, Level(IndexLevel.Study, r, 7, 13));
        entity.AddOrUpdate(T.StudyInstanceUID, r.GetString(8));
        if (level == IndexLevel.Study)
        {
            Count(entity, T.NumberOfStudyRelatedSeries, r.GetInt64(9));
            Count(entity, T.NumberOfStudyRelatedInstances, r.GetInt64(10));
            if (r.GetString(11) is { Length: > 0 } modalities) entity.AddOrUpdate(T.ModalitiesInStudy, modalities.Split('\\'));
            if (r.GetString(12) is { Length: > 0 } sopClasses) entity.AddOrUpdate(T.SOPClassesInStudy, sopClasses.Split('\\'));
            return entity;
        }

        // series: pk, series_uid, num_instances, attributes
        Merge(entity, Level(IndexLevel.Series, r, 14, 17));
        entity.AddOrUpdate(T.SeriesInstanceUID, r.GetString(15));
        if (level == IndexLevel.Series)
        {
            Count(entity, T.NumberOfSeriesRelatedInstances, r.GetInt64(16));
            return entity;
        }

        // instance: pk, sop_uid, sop_class_uid, attributes
        Merge(entity, Level(IndexLevel.Instance, r, 18, 21));
        entity.AddOrUpdate(T.SOPInstanceUID, r.GetString(19));
        if (r.GetString(20) is { Length: > 0 } sopClass) entity.AddOrUpdate(T.SOPClassUID, sopClass);
        return entity;
    }

    private DicomDataset Level(IndexLevel of, SqliteDataReader r, int pkColumn, int jsonColumn)
    {
        if (of == level) return Parse(r.GetString(jsonColumn)); // the selection's own level: one row per entity
        var key = (of, r.GetInt64(pkColumn));
        if (!_parents.TryGetValue(key, out var parsed))
        {
            if (_parents.Count >= 4096) _parents.Clear();
            _parents[key] = parsed = Parse(r.GetString(jsonColumn));
        }
        return parsed;
    }

    /// <summary>A level's JSON as a data set whose text is UTF-8 (the JSON is Unicode; its Specific Character Set goes first).</summary>
    private static DicomDataset Parse(string json)
    {
        const string charset = "{\"00080005\":{\"vr\":\"CS\",\"Value\":[\"" + Utf8 + "\"]}";
        return DicomJsonReader.Parse(json.Length <= 2 ? charset + "}" : charset + "," + json[1..]);
    }

    private static void Merge(DicomDataset into, DicomDataset level)
    {
        foreach (var element in level)
            if (element.Tag != T.SpecificCharacterSet) into.AddOrUpdate(element);
    }

    private static void Count(DicomDataset entity, Osprey.Dicom.Data.DicomTag tag, long count)
        => entity.AddOrUpdate(tag, count.ToString(CultureInfo.InvariantCulture));
}
