using System.Globalization;
using Osprey.Dicom.Data;
using Osprey.Dicom.Json;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Archive.Index;

/// <summary>
/// What an index takes from one stored instance: per level of the information model, the key
/// attributes of PS3.4 C.6 (C.6.1.1.2–C.6.1.1.5, see <see cref="IndexAttributes"/>): the row's key,
/// the columns that queries match on, and the level's attributes as DICOM JSON (PS3.18 F.2), decoded
/// to Unicode with the header's Specific Character Set. The JSON leaves out the row keys
/// (<see cref="RowKeys"/>), which are kept exactly in their own columns, the computed attributes, and
/// binary values (a query never returns them). Every index provider builds its rows from this; it is
/// made on the caller's thread, so an index's writer only writes.
/// </summary>
public sealed class IndexedHeader
{
    /// <summary>The attributes each level keeps exactly in a column of its own and so leaves out of its JSON.</summary>
    public static IReadOnlySet<DicomTag> RowKeys { get; } = new HashSet<DicomTag>
    {
        T.PatientID, T.IssuerOfPatientID, T.StudyInstanceUID, T.SeriesInstanceUID, T.SOPInstanceUID, T.SOPClassUID,
    };

    // patient (identity: Patient ID + Issuer of Patient ID, '' when absent)
    public required string PatientId { get; init; }
    /// <summary><see cref="PatientId"/> case-folded (<see cref="IndexTextFolding"/>); null when there is none.</summary>
    public string? PatientIdFolded { get; init; }
    public required string IssuerOfPatientId { get; init; }
    public string? PatientName { get; init; }
    public string? PatientNameFolded { get; init; }
    public string? PatientBirthDate { get; init; }
    public string? PatientSex { get; init; }
    public required string PatientAttributes { get; init; }

    // study
    public required string StudyInstanceUid { get; init; }
    public string? StudyDate { get; init; }
    public string? StudyTime { get; init; }
    public string? AccessionNumber { get; init; }
    public string? AccessionNumberFolded { get; init; }
    public string? StudyId { get; init; }
    public string? ReferringPhysicianName { get; init; }
    public string? StudyDescription { get; init; }
    public required string StudyAttributes { get; init; }

    /// <summary>The original value of Specific Character Set (0008,0005), e.g. <c>ISO_IR 100</c> or <c>\ISO 2022 IR 87</c>.</summary>
    public string? SpecificCharacterSet { get; init; }

    // series
    public required string SeriesInstanceUid { get; init; }
    public string? Modality { get; init; }
    public long? SeriesNumber { get; init; }
    public required string SeriesAttributes { get; init; }

    // instance
    public required string SopInstanceUid { get; init; }
    public required string SopClassUid { get; init; }
    public long? InstanceNumber { get; init; }
    public required string InstanceAttributes { get; init; }

    /// <summary>Extracts the index's values; throws <see cref="ArgumentException"/> when a UID the hierarchy needs is missing.</summary>
    public static IndexedHeader From(DicomDataset header)
    {
        string Required(DicomTag tag, string name)
            => Text(header, tag) is { Length: > 0 } s ? s : throw new ArgumentException($"the instance has no {name} {tag}", nameof(header));

        var levels = SplitByLevel(header);
        var patientName = Text(header, T.PatientName);
        var studyDate = Text(header, T.StudyDate);
        var patientId = Text(header, T.PatientID);
        var accession = Text(header, T.AccessionNumber);
        return new IndexedHeader
        {
            PatientId = patientId ?? "",
            PatientIdFolded = patientId is null ? null : IndexTextFolding.Fold(patientId),
            IssuerOfPatientId = Text(header, T.IssuerOfPatientID) ?? "",
            PatientName = patientName,
            PatientNameFolded = patientName is null ? null : IndexTextFolding.Fold(patientName),
            PatientBirthDate = Text(header, T.PatientBirthDate),
            PatientSex = Text(header, T.PatientSex),
            PatientAttributes = levels[(int)IndexLevel.Patient],
            StudyInstanceUid = Required(T.StudyInstanceUID, "Study Instance UID"),
            // A date the standard's way (the ACR-NEMA form YYYY.MM.DD too) is kept as YYYYMMDD so that ranges compare as text.
            StudyDate = studyDate is not null && DicomDate.TryParse(studyDate, out var d) ? d.ToString() : studyDate,
            StudyTime = Text(header, T.StudyTime),
            AccessionNumber = accession,
            AccessionNumberFolded = accession is null ? null : IndexTextFolding.Fold(accession),
            StudyId = Text(header, T.StudyID),
            ReferringPhysicianName = Text(header, T.ReferringPhysicianName),
            StudyDescription = Text(header, T.StudyDescription),
            StudyAttributes = levels[(int)IndexLevel.Study],
            SpecificCharacterSet = Text(header, T.SpecificCharacterSet),
            SeriesInstanceUid = Required(T.SeriesInstanceUID, "Series Instance UID"),
            Modality = Text(header, T.Modality),
            SeriesNumber = Integer(Text(header, T.SeriesNumber)),
            SeriesAttributes = levels[(int)IndexLevel.Series],
            SopInstanceUid = Required(T.SOPInstanceUID, "SOP Instance UID"),
            SopClassUid = Text(header, T.SOPClassUID) ?? "",
            InstanceNumber = Integer(Text(header, T.InstanceNumber)),
            InstanceAttributes = levels[(int)IndexLevel.Instance],
        };
    }

    /// <summary>A text value decoded and trimmed; null when absent, empty, or left on disk as bulk data.</summary>
    private static string? Text(DicomDataset header, DicomTag tag)
        => header.TryGet(tag, out var e) && e is DicomValueElement { Length: > 0 } v && v.Value.IsInMemory
            && v.GetString(header.CharacterSet) is { Length: > 0 } s ? s : null;

    private static long? Integer(string? text)
        => long.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite,
            CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The four levels' attributes as DICOM JSON, indexed by <see cref="IndexLevel"/>.</summary>
    private static string[] SplitByLevel(DicomDataset header)
    {
        var levels = new DicomDataset[4];
        for (int i = 0; i < levels.Length; i++) levels[i] = new DicomDataset();
        foreach (var element in header)
        {
            if (IndexAttributes.Find(element.Tag) is not { Computed: false } attribute || RowKeys.Contains(element.Tag)) continue;
            if (Copy(element) is { } copy) levels[(int)attribute.Level].AddOrUpdate(copy);
        }

        // The levels become items of a data set holding only the header's Specific Character Set,
        // so the JSON writer decodes their text as the header's (PS3.5 §7.5.3) without the header
        // (or its sequences' items) being re-parented.
        var holder = new DicomDataset();
        if (header.TryGet(T.SpecificCharacterSet, out var charset)) holder.AddOrUpdate(charset);
        holder.AddOrUpdate(new DicomSequence(T.ReferencedSeriesSequence, levels));

        var json = new string[levels.Length];
        for (int i = 0; i < levels.Length; i++) json[i] = DicomJsonWriter.Serialize(levels[i]);
        return json;
    }

    /// <summary>The element as the index keeps it: sequences copied item by item, binary and bulk values left out.</summary>
    private static DicomElement? Copy(DicomElement element)
    {
        switch (element)
        {
            case DicomSequence sq:
                var copy = new DicomSequence(sq.Tag) { UndefinedLength = sq.UndefinedLength };
                foreach (var item in sq.Items)
                {
                    var itemCopy = new DicomDataset();
                    foreach (var e in item)
                        if (Copy(e) is { } c) itemCopy.AddOrUpdate(c);
                    copy.Add(itemCopy);
                }
                return copy;
            case DicomValueElement v when v.Value.IsInMemory && !IsBinary(v.VR):
                return v;
            default:
                return null; // encapsulated fragments, binary values, values left on disk
        }
    }

    private static bool IsBinary(DicomVR vr)
        => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.OW or DicomVR.UN or DicomVR.None;
}
