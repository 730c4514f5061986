using System.Collections.Frozen;
using Osprey.Dicom.Data;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Archive.Index;

/// <summary>
/// Which attributes the index keeps at which level: the keys of the Patient Root Query/Retrieve
/// Information Model, PS3.4 C.6.1.1.2 (patient, Table C.6-1), C.6.1.1.3 (study, Table C.6-2),
/// C.6.1.1.4 (series, Table C.6-3) and C.6.1.1.5 (composite object instance, Table C.6-4), each
/// followed by the commonly used "All other Attributes" of that level (the Patient, Study, Series,
/// Frame of Reference, Equipment and Instance IE modules of PS3.3 A.1.2). The Study Root model
/// (PS3.4 C.6.2.1.2–C.6.2.1.4) has the same series and instance levels and a study level that holds
/// the patient level's attributes too: see <see cref="StudyRootStudyLevel"/>.
/// Specific Character Set (0008,0005) belongs to no level: the index keeps its original value per
/// study and per instance, and stores text decoded.
/// </summary>
public static class IndexAttributes
{
    private const QueryKeyType U = QueryKeyType.Unique, R = QueryKeyType.Required, O = QueryKeyType.Optional;

    /// <summary>PS3.4 Table C.6-1, then the other attributes of the Patient IE (PS3.3 C.7.1.1, C.7.1.3).</summary>
    public static IReadOnlyList<IndexAttribute> Patient { get; } = Level(IndexLevel.Patient,
    [
        (T.PatientName, R),
        (T.PatientID, U),
        (T.IssuerOfPatientID, O),
        (T.IssuerOfPatientIDQualifiersSequence, O),
        (T.ReferencedPatientSequence, O),
        (T.PatientBirthDate, O),
        (T.PatientBirthTime, O),
        (T.PatientSex, O),
        (T.OtherPatientIDsSequence, O),
        (T.OtherPatientNames, O),
        (T.EthnicGroup, O),
        (T.PatientComments, O),
        // all other attributes at patient level
        (T.OtherPatientIDs, O), // retired, still sent by older modalities
        (T.TypeOfPatientID, O),
        (T.SourcePatientGroupIdentificationSequence, O),
        (T.GroupOfPatientsIdentificationSequence, O),
        (T.PatientBirthName, O),
        (T.PatientMotherBirthName, O),
        (T.PatientBirthDateInAlternativeCalendar, O),
        (T.PatientDeathDateInAlternativeCalendar, O),
        (T.PatientAlternativeCalendar, O),
        (T.EthnicGroupCodeSequence, O),
        (T.QualityControlSubject, O),
        (T.StrainDescription, O),
        (T.StrainNomenclature, O),
        (T.StrainStockSequence, O),
        (T.StrainAdditionalInformation, O),
        (T.StrainCodeSequence, O),
        (T.GeneticModificationsSequence, O),
        (T.PatientSpeciesDescription, O),
        (T.PatientSpeciesCodeSequence, O),
        (T.PatientBreedDescription, O),
        (T.PatientBreedCodeSequence, O),
        (T.BreedRegistrationSequence, O),
        (T.ResponsiblePerson, O),
        (T.ResponsiblePersonRole, O),
        (T.ResponsibleOrganization, O),
        (T.PatientIdentityRemoved, O),
        (T.DeidentificationMethod, O),
        (T.DeidentificationMethodCodeSequence, O),
        (T.ClinicalTrialSponsorName, O),
        (T.ClinicalTrialProtocolID, O),
        (T.ClinicalTrialProtocolName, O),
        (T.ClinicalTrialSiteID, O),
        (T.ClinicalTrialSiteName, O),
        (T.ClinicalTrialSubjectID, O),
        (T.IssuerOfClinicalTrialSubjectID, O),
        (T.ClinicalTrialSubjectReadingID, O),
    ],
    [T.NumberOfPatientRelatedStudies, T.NumberOfPatientRelatedSeries, T.NumberOfPatientRelatedInstances]);

    /// <summary>PS3.4 Table C.6-2, then the other attributes of the Study IE (PS3.3 C.7.2.1–C.7.2.3).</summary>
    public static IReadOnlyList<IndexAttribute> Study { get; } = Level(IndexLevel.Study,
    [
        (T.StudyDate, R),
        (T.StudyTime, R),
        (T.AccessionNumber, R),
        (T.StudyID, R),
        (T.StudyInstanceUID, U),
        (T.AnatomicRegionsInStudyCodeSequence, O),
        (T.ReferringPhysicianName, O),
        (T.StudyDescription, O),
        (T.ProcedureCodeSequence, O),
        (T.NameOfPhysiciansReadingStudy, O),
        (T.AdmittingDiagnosesDescription, O),
        (T.ReferencedStudySequence, O),
        (T.PatientAge, O),
        (T.PatientSize, O),
        (T.PatientWeight, O),
        (T.Occupation, O),
        (T.AdditionalPatientHistory, O),
        (T.OtherStudyNumbers, O), // retired
        (T.IssuerOfAccessionNumberSequence, O),
        // all other attributes at study level
        (T.TimezoneOffsetFromUTC, O),
        (T.ReferringPhysicianIdentificationSequence, O),
        (T.ConsultingPhysicianName, O),
        (T.ConsultingPhysicianIdentificationSequence, O),
        (T.PhysiciansOfRecord, O),
        (T.PhysiciansOfRecordIdentificationSequence, O),
        (T.PhysiciansReadingStudyIdentificationSequence, O),
        (T.RequestingService, O),
        (T.RequestingServiceCodeSequence, O),
        (T.ReasonForPerformedProcedureCodeSequence, O),
        (T.AdmittingDiagnosesCodeSequence, O),
        (T.PatientSizeCodeSequence, O),
        (T.PatientBodyMassIndex, O),
        (T.MeasuredAPDimension, O),
        (T.MeasuredLateralDimension, O),
        (T.MedicalAlerts, O),
        (T.Allergies, O),
        (T.SmokingStatus, O),
        (T.PregnancyStatus, O),
        (T.LastMenstrualDate, O),
        (T.PatientState, O),
        (T.PatientSexNeutered, O),
        (T.AdmissionID, O),
        (T.IssuerOfAdmissionIDSequence, O),
        (T.ServiceEpisodeID, O),
        (T.ServiceEpisodeDescription, O),
        (T.IssuerOfServiceEpisodeIDSequence, O),
        (T.ReasonForVisit, O),
        (T.ReasonForVisitCodeSequence, O),
        (T.ClinicalTrialTimePointID, O),
        (T.ClinicalTrialTimePointDescription, O),
        (T.ConsentForClinicalTrialUseSequence, O),
    ],
    [T.ModalitiesInStudy, T.SOPClassesInStudy, T.NumberOfStudyRelatedSeries, T.NumberOfStudyRelatedInstances]);

    /// <summary>
    /// PS3.4 Table C.6-3, then the other attributes of the Series, Frame of Reference and Equipment IEs
    /// (PS3.3 C.7.3.1, C.7.3.2, C.7.4.1, C.7.5.1), which the series level includes.
    /// </summary>
    public static IReadOnlyList<IndexAttribute> Series { get; } = Level(IndexLevel.Series,
    [
        (T.Modality, R),
        (T.SeriesNumber, R),
        (T.SeriesInstanceUID, U),
        (T.PerformedProcedureStepStartDate, O),
        (T.PerformedProcedureStepStartTime, O),
        (T.RequestAttributesSequence, O),
        // all other attributes at series level
        (T.SeriesDate, O),
        (T.SeriesTime, O),
        (T.SeriesDescription, O),
        (T.SeriesDescriptionCodeSequence, O),
        (T.Laterality, O),
        (T.BodyPartExamined, O),
        (T.ProtocolName, O),
        (T.PerformingPhysicianName, O),
        (T.PerformingPhysicianIdentificationSequence, O),
        (T.OperatorsName, O),
        (T.OperatorIdentificationSequence, O),
        (T.ReferencedPerformedProcedureStepSequence, O),
        (T.RelatedSeriesSequence, O),
        (T.PatientPosition, O),
        (T.AnatomicalOrientationType, O),
        (T.PerformedProcedureStepID, O),
        (T.PerformedProcedureStepDescription, O),
        (T.PerformedProtocolCodeSequence, O),
        (T.PerformedProcedureStepEndDate, O),
        (T.PerformedProcedureStepEndTime, O),
        (T.ClinicalTrialCoordinatingCenterName, O),
        (T.ClinicalTrialSeriesID, O),
        (T.ClinicalTrialSeriesDescription, O),
        (T.FrameOfReferenceUID, O),
        (T.PositionReferenceIndicator, O),
        (T.Manufacturer, O),
        (T.InstitutionName, O),
        (T.InstitutionAddress, O),
        (T.StationName, O),
        (T.InstitutionalDepartmentName, O),
        (T.ManufacturerModelName, O),
        (T.DeviceSerialNumber, O),
        (T.SoftwareVersions, O),
    ],
    [T.NumberOfSeriesRelatedInstances]);

    /// <summary>PS3.4 Table C.6-4, then the other attributes of the instance most often asked for (PS3.3 C.7.6, C.12.1, C.17).</summary>
    public static IReadOnlyList<IndexAttribute> Instance { get; } = Level(IndexLevel.Instance,
    [
        (T.InstanceNumber, R),
        (T.SOPInstanceUID, U),
        (T.SOPClassUID, O),
        (T.AlternateRepresentationSequence, O),
        (T.RelatedGeneralSOPClassUID, O),
        (T.ConceptNameCodeSequence, O),
        (T.ContentTemplateSequence, O),
        (T.ContainerIdentifier, O),
        (T.SpecimenDescriptionSequence, O),
        // all other attributes at instance level
        (T.ImageType, O),
        (T.InstanceCreationDate, O),
        (T.InstanceCreationTime, O),
        (T.InstanceCreatorUID, O),
        (T.ContentDate, O),
        (T.ContentTime, O),
        (T.AcquisitionDate, O),
        (T.AcquisitionTime, O),
        (T.AcquisitionDateTime, O),
        (T.AcquisitionNumber, O),
        (T.ImageComments, O),
        (T.ImageLaterality, O),
        (T.SamplesPerPixel, O),
        (T.PhotometricInterpretation, O),
        (T.Rows, O),
        (T.Columns, O),
        (T.BitsAllocated, O),
        (T.NumberOfFrames, O),
        (T.BurnedInAnnotation, O),
        (T.LossyImageCompression, O),
        (T.ObservationDateTime, O),
        (T.CompletionFlag, O),
        (T.VerificationFlag, O),
        (T.DocumentTitle, O),
        (T.MIMETypeOfEncapsulatedDocument, O),
        (T.ContentLabel, O),
        (T.ContentDescription, O),
        (T.PresentationCreationDate, O),
        (T.PresentationCreationTime, O),
        (T.ContentCreatorName, O),
    ],
    // Available Transfer Syntax UID (0008,3002) is the stored file's transfer syntax, a column of the instance.
    [T.AvailableTransferSyntaxUID]);

    /// <summary>
    /// The study level of the Study Root model (PS3.4 Table C.6-5): the study attributes and the
    /// patient attributes, Patient's Name and Patient ID being required keys there.
    /// </summary>
    public static IReadOnlyList<IndexAttribute> StudyRootStudyLevel { get; } =
    [
        .. Study,
        .. Patient.Select(a => a with
        {
            Level = IndexLevel.Study,
            KeyType = a.Tag == T.PatientID ? QueryKeyType.Required : a.KeyType,
        }),
    ];

    /// <summary>The attributes of one level (Patient Root model).</summary>
    public static IReadOnlyList<IndexAttribute> OfLevel(IndexLevel level) => level switch
    {
        IndexLevel.Patient => Patient,
        IndexLevel.Study => Study,
        IndexLevel.Series => Series,
        _ => Instance,
    };

    private static readonly FrozenDictionary<uint, IndexAttribute> ByTag =
        Patient.Concat(Study).Concat(Series).Concat(Instance).ToFrozenDictionary(a => a.Tag.Value);

    /// <summary>The attribute's entry in the Patient Root model, or null when the index does not keep it.</summary>
    public static IndexAttribute? Find(DicomTag tag) => ByTag.GetValueOrDefault(tag.Value);

    private static IndexAttribute[] Level(IndexLevel level, (DicomTag Tag, QueryKeyType Type)[] fromHeader, DicomTag[] computed)
        => [.. fromHeader.Select(a => new IndexAttribute(a.Tag, level, a.Type)),
            .. computed.Select(t => new IndexAttribute(t, level, QueryKeyType.Optional, Computed: true))];
}
