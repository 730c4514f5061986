using Osprey.Dicom.Dictionary;

namespace Osprey.Archive.Query;

/// <summary>
/// The standard Query/Retrieve Information Models that Osprey serves (PS3.4 C.3): Patient Root (C.3.1,
/// levels PATIENT, STUDY, SERIES, IMAGE) and Study Root (C.3.2, the same without the PATIENT level; patient
/// attributes are attributes of studies). The retired Patient/Study Only model (C.3.3) is not served.
/// </summary>
public enum QueryInformationModel
{
    PatientRoot,
    StudyRoot,
}

/// <summary>The SOP Classes of each model (PS3.4 C.6.1.3, C.6.2.3) and the levels it has (Tables C.6.1-1, C.6.2-1).</summary>
public static class QueryInformationModels
{
    /// <summary>
    /// The model of a Query/Retrieve SOP Class: Patient Root for 1.2.840.10008.5.1.4.1.2.1.1 (FIND), .2 (MOVE)
    /// and .3 (GET); Study Root for 1.2.840.10008.5.1.4.1.2.2.1, .2 and .3. False for any other UID.
    /// </summary>
    public static bool TryFromSopClass(string? sopClassUid, out QueryInformationModel model)
    {
        switch (sopClassUid?.Trim(' ', '\0'))
        {
            case DicomUids.PatientRootQueryRetrieveInformationModelFind:
            case DicomUids.PatientRootQueryRetrieveInformationModelMove:
            case DicomUids.PatientRootQueryRetrieveInformationModelGet:
                model = QueryInformationModel.PatientRoot;
                return true;
            case DicomUids.StudyRootQueryRetrieveInformationModelFind:
            case DicomUids.StudyRootQueryRetrieveInformationModelMove:
            case DicomUids.StudyRootQueryRetrieveInformationModelGet:
                model = QueryInformationModel.StudyRoot;
                return true;
            default:
                model = default;
                return false;
        }
    }

    /// <summary>The top level of the model: PATIENT for Patient Root, STUDY for Study Root.</summary>
    public static QueryRetrieveLevel TopLevel(this QueryInformationModel model)
        => model == QueryInformationModel.PatientRoot ? QueryRetrieveLevel.Patient : QueryRetrieveLevel.Study;

    /// <summary>Whether the model has the level (Study Root has no PATIENT level).</summary>
    public static bool HasLevel(this QueryInformationModel model, QueryRetrieveLevel level) => level >= model.TopLevel();

    /// <summary>The levels of the model from the top down.</summary>
    public static IReadOnlyList<QueryRetrieveLevel> Levels(this QueryInformationModel model)
        => model == QueryInformationModel.PatientRoot
            ? [QueryRetrieveLevel.Patient, QueryRetrieveLevel.Study, QueryRetrieveLevel.Series, QueryRetrieveLevel.Image]
            : [QueryRetrieveLevel.Study, QueryRetrieveLevel.Series, QueryRetrieveLevel.Image];
}
