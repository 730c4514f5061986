using System.Collections.Frozen;
using Osprey.Archive.Index;
using Osprey.Dicom.Data;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Archive.Query;

/// <summary>
/// The level and key type of an attribute in each information model (PS3.4 C.6.1.1 for Patient Root,
/// C.6.2.1 for Study Root, where the patient attributes are attributes of the study, Table C.6-5), from
/// <see cref="IndexAttributes"/>, and the Unique Key of each level.
/// </summary>
internal static class QueryModelAttributes
{
    private static readonly FrozenDictionary<uint, IndexAttribute> StudyRootStudyLevel =
        IndexAttributes.StudyRootStudyLevel.ToFrozenDictionary(a => a.Tag.Value);

    /// <summary>
    /// The level and key type of <paramref name="tag"/>; an attribute the model does not list (private ones
    /// included) is taken as an optional key at the query level.
    /// </summary>
    public static (IndexLevel Level, QueryKeyType KeyType) Describe(DicomTag tag, QueryInformationModel model, QueryRetrieveLevel queryLevel)
    {
        if (model == QueryInformationModel.StudyRoot && StudyRootStudyLevel.TryGetValue(tag.Value, out var studyRoot))
            return (studyRoot.Level, studyRoot.KeyType);
        if (IndexAttributes.Find(tag) is { } attribute)
            return (attribute.Level, attribute.KeyType);
        return (queryLevel.ToIndexLevel(), QueryKeyType.Optional);
    }

    /// <summary>The Unique Key of a level: Patient ID, Study Instance UID, Series Instance UID, SOP Instance UID.</summary>
    public static DicomTag UniqueKey(QueryRetrieveLevel level) => level switch
    {
        QueryRetrieveLevel.Patient => T.PatientID,
        QueryRetrieveLevel.Study => T.StudyInstanceUID,
        QueryRetrieveLevel.Series => T.SeriesInstanceUID,
        _ => T.SOPInstanceUID,
    };
}
