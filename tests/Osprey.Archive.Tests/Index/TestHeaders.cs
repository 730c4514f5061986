using Osprey.Archive.Index;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Archive.Tests.Index;

/// <summary>Headers as a modality sends them (everything before Pixel Data), built field by field.</summary>
internal static class TestHeaders
{
    public const string StudyUid = "1.2.826.0.1.3680043.8.498.1";

    /// <summary>A CT image header with the attributes a typical CT sends.</summary>
    public static DicomDataset Ct(
        string sopUid,
        string studyUid = StudyUid,
        string seriesUid = StudyUid + ".1",
        string patientId = "PAT-1",
        string? issuer = null,
        string patientName = "Doe^John",
        string modality = "CT",
        string sopClassUid = DicomUids.CTImageStorage,
        string? characterSet = null,
        string accessionNumber = "ACC-1",
        string studyDate = "20240315")
    {
        var ds = new DicomDataset();
        if (characterSet != null) ds.AddOrUpdate(DicomTags.SpecificCharacterSet, characterSet);
        ds.AddOrUpdate(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.AddOrUpdate(DicomTags.SOPClassUID, sopClassUid);
        ds.AddOrUpdate(DicomTags.SOPInstanceUID, sopUid);
        ds.AddOrUpdate(DicomTags.StudyDate, studyDate);
        ds.AddOrUpdate(DicomTags.SeriesDate, studyDate);
        ds.AddOrUpdate(DicomTags.ContentDate, studyDate);
        ds.AddOrUpdate(DicomTags.StudyTime, "101500");
        ds.AddOrUpdate(DicomTags.SeriesTime, "101700");
        ds.AddOrUpdate(DicomTags.ContentTime, "101712.250");
        ds.AddOrUpdate(DicomTags.AccessionNumber, accessionNumber);
        ds.AddOrUpdate(DicomTags.Modality, modality);
        ds.AddOrUpdate(DicomTags.Manufacturer, "ACME Medical");
        ds.AddOrUpdate(DicomTags.InstitutionName, "General Hospital");
        ds.AddOrUpdate(DicomTags.ReferringPhysicianName, "Welby^Marcus");
        ds.AddOrUpdate(DicomTags.StationName, "CT01");
        ds.AddOrUpdate(DicomTags.StudyDescription, "CT THORAX");
        var code = new DicomDataset();
        code.AddOrUpdate(DicomTags.CodeValue, "CTCHEST");
        code.AddOrUpdate(DicomTags.CodingSchemeDesignator, "99LOCAL");
        code.AddOrUpdate(DicomTags.CodeMeaning, "CT chest");
        ds.AddOrUpdate(new DicomSequence(DicomTags.ProcedureCodeSequence, [code]));
        ds.AddOrUpdate(DicomTags.SeriesDescription, "Thorax 1.0 B70f");
        ds.AddOrUpdate(DicomTags.ManufacturerModelName, "Scanner 9000");
        ds.AddOrUpdate(DicomTags.PatientName, patientName);
        ds.AddOrUpdate(DicomTags.PatientID, patientId);
        if (issuer != null) ds.AddOrUpdate(DicomTags.IssuerOfPatientID, issuer);
        ds.AddOrUpdate(DicomTags.PatientBirthDate, "19600101");
        ds.AddOrUpdate(DicomTags.PatientSex, "M");
        ds.AddOrUpdate(DicomTags.PatientAge, "064Y");
        ds.AddOrUpdate(DicomTags.PatientWeight, "80");
        ds.AddOrUpdate(DicomTags.BodyPartExamined, "CHEST");
        ds.AddOrUpdate(DicomTags.SliceThickness, "1.0");
        ds.AddOrUpdate(DicomTags.KVP, "120");
        ds.AddOrUpdate(DicomTags.SoftwareVersions, "VA40");
        ds.AddOrUpdate(DicomTags.ProtocolName, "Thorax routine");
        ds.AddOrUpdate(DicomTags.PatientPosition, "HFS");
        ds.AddOrUpdate(DicomTags.StudyInstanceUID, studyUid);
        ds.AddOrUpdate(DicomTags.SeriesInstanceUID, seriesUid);
        ds.AddOrUpdate(DicomTags.StudyID, "1");
        ds.AddOrUpdate(DicomTags.SeriesNumber, "2");
        ds.AddOrUpdate(DicomTags.AcquisitionNumber, "1");
        ds.AddOrUpdate(DicomTags.InstanceNumber, sopUid.Split('.')[^1]);
        ds.AddOrUpdate(DicomTags.ImagePositionPatient, "-250", "-250", "100.5");
        ds.AddOrUpdate(DicomTags.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
        ds.AddOrUpdate(DicomTags.FrameOfReferenceUID, studyUid + ".9");
        ds.AddOrUpdate(DicomTags.SliceLocation, "100.5");
        ds.AddOrUpdate<ushort>(DicomTags.SamplesPerPixel, DicomVR.US, 1);
        ds.AddOrUpdate(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.AddOrUpdate<ushort>(DicomTags.Rows, DicomVR.US, 512);
        ds.AddOrUpdate<ushort>(DicomTags.Columns, DicomVR.US, 512);
        ds.AddOrUpdate(DicomTags.PixelSpacing, "0.7", "0.7");
        ds.AddOrUpdate<ushort>(DicomTags.BitsAllocated, DicomVR.US, 16);
        ds.AddOrUpdate<ushort>(DicomTags.BitsStored, DicomVR.US, 12);
        ds.AddOrUpdate<ushort>(DicomTags.HighBit, DicomVR.US, 11);
        ds.AddOrUpdate<ushort>(DicomTags.PixelRepresentation, DicomVR.US, 0);
        ds.AddOrUpdate(DicomTags.WindowCenter, "40");
        ds.AddOrUpdate(DicomTags.WindowWidth, "400");
        ds.AddOrUpdate(DicomTags.RescaleIntercept, "-1024");
        ds.AddOrUpdate(DicomTags.RescaleSlope, "1");
        return ds;
    }

    public static InstanceRecord Record(DicomDataset header, string? file = null, string sourceAe = "CT01")
    {
        var sop = header.GetString(DicomTags.SOPInstanceUID)!;
        return new InstanceRecord(header, file ?? $"studies/{sop}.dcm", 524_288 + 1024, DicomUids.ExplicitVRLittleEndian, sourceAe,
            new DateTimeOffset(2024, 3, 15, 10, 20, 0, TimeSpan.Zero));
    }
}
