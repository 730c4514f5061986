using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;

namespace Osprey.Benchmarks;

/// <summary>
/// Makes CT instances shaped like a scanner's: about a hundred header elements (with a sequence
/// and a private block) and 512×512 16-bit pixels, about 0.5 MB in all.
/// </summary>
public static class SyntheticCt
{
    public static DicomFile Create(int index, int rows = 512, int columns = 512, int frames = 1)
    {
        string study = "2.25.222644257275213817849638486888724997772.1", series = study + ".1", sop = $"{series}.{index + 1}";
        var meta = new DicomDataset();
        meta.AddOrUpdate<byte>(DicomTags.FileMetaInformationVersion, DicomVR.OB, 0, 1);
        meta.AddOrUpdate(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, DicomUids.CTImageStorage);
        meta.AddOrUpdate(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, sop);
        meta.AddOrUpdate(DicomTags.TransferSyntaxUID, DicomVR.UI, DicomUids.ExplicitVRLittleEndian);
        meta.AddOrUpdate(DicomTags.ImplementationClassUID, DicomVR.UI, "2.25.222644257275213817849638486888724997772");
        meta.AddOrUpdate<uint>(DicomTags.FileMetaInformationGroupLength, DicomVR.UL, 0);

        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        ds.AddOrUpdate(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.AddOrUpdate(DicomTags.SOPClassUID, DicomUids.CTImageStorage);
        ds.AddOrUpdate(DicomTags.SOPInstanceUID, sop);
        foreach (var (tag, value) in new[]
        {
            (DicomTags.StudyDate, "20240315"), (DicomTags.SeriesDate, "20240315"), (DicomTags.AcquisitionDate, "20240315"),
            (DicomTags.ContentDate, "20240315"), (DicomTags.StudyTime, "101530.123"), (DicomTags.SeriesTime, "101612"),
            (DicomTags.AcquisitionTime, "101613.5"), (DicomTags.ContentTime, "101613.5"), (DicomTags.AccessionNumber, "A10023456"),
            (DicomTags.Modality, "CT"), (DicomTags.Manufacturer, "Osprey Test Systems"), (DicomTags.InstitutionName, "General Hospital"),
            (DicomTags.ReferringPhysicianName, "Smith^John^^Dr"), (DicomTags.StationName, "CT01"), (DicomTags.StudyDescription, "CT CHEST W CONTRAST"),
            (DicomTags.SeriesDescription, "AXIAL 1.25MM"), (DicomTags.ManufacturerModelName, "Model X"), (DicomTags.PatientName, "Doe^Jane^Q"),
            (DicomTags.PatientID, "P000123"), (DicomTags.IssuerOfPatientID, "HOSP"), (DicomTags.PatientBirthDate, "19700101"),
            (DicomTags.PatientSex, "F"), (DicomTags.PatientAge, "054Y"), (DicomTags.PatientWeight, "70"), (DicomTags.BodyPartExamined, "CHEST"),
            (DicomTags.SliceThickness, "1.25"), (DicomTags.KVP, "120"), (DicomTags.DataCollectionDiameter, "500"),
            (DicomTags.SoftwareVersions, "1.0"), (DicomTags.ReconstructionDiameter, "360"), (DicomTags.DistanceSourceToDetector, "949.075"),
            (DicomTags.DistanceSourceToPatient, "541"), (DicomTags.GantryDetectorTilt, "0"), (DicomTags.TableHeight, "160"),
            (DicomTags.RotationDirection, "CW"), (DicomTags.ExposureTime, "500"), (DicomTags.XRayTubeCurrent, "300"), (DicomTags.Exposure, "150"),
            (DicomTags.FilterType, "BODY FILTER"), (DicomTags.GeneratorPower, "36"), (DicomTags.FocalSpots, "0.7"),
            (DicomTags.ConvolutionKernel, "STANDARD"), (DicomTags.PatientPosition, "HFS"), (DicomTags.StudyInstanceUID, study),
            (DicomTags.SeriesInstanceUID, series), (DicomTags.StudyID, "1001"), (DicomTags.SeriesNumber, "2"),
            (DicomTags.AcquisitionNumber, "1"), (DicomTags.InstanceNumber, (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (DicomTags.FrameOfReferenceUID, study + ".9"), (DicomTags.PositionReferenceIndicator, "SN"), (DicomTags.SliceLocation, (-index * 1.25).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (DicomTags.PhotometricInterpretation, "MONOCHROME2"), (DicomTags.WindowCenter, "40"), (DicomTags.WindowWidth, "400"),
            (DicomTags.RescaleIntercept, "-1024"), (DicomTags.RescaleSlope, "1"), (DicomTags.RescaleType, "HU"),
        })
        {
            ds.AddOrUpdate(tag, value);
        }
        ds.AddOrUpdate(DicomTags.ImagePositionPatient, "-180", "-180", (-index * 1.25).ToString(System.Globalization.CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTags.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
        ds.AddOrUpdate(DicomTags.PixelSpacing, "0.703125", "0.703125");
        ds.AddOrUpdate<ushort>(DicomTags.SamplesPerPixel, DicomVR.US, 1);
        ds.AddOrUpdate<ushort>(DicomTags.Rows, DicomVR.US, (ushort)rows);
        ds.AddOrUpdate<ushort>(DicomTags.Columns, DicomVR.US, (ushort)columns);
        ds.AddOrUpdate<ushort>(DicomTags.BitsAllocated, DicomVR.US, 16);
        ds.AddOrUpdate<ushort>(DicomTags.BitsStored, DicomVR.US, 12);
        ds.AddOrUpdate<ushort>(DicomTags.HighBit, DicomVR.US, 11);
        ds.AddOrUpdate<ushort>(DicomTags.PixelRepresentation, DicomVR.US, 0);
        if (frames > 1) ds.AddOrUpdate(DicomTags.NumberOfFrames, frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var code = new DicomDataset();
        code.AddOrUpdate(DicomTags.CodeValue, "T-D3000");
        code.AddOrUpdate(DicomTags.CodingSchemeDesignator, "SRT");
        code.AddOrUpdate(DicomTags.CodeMeaning, "Chest");
        ds.AddOrUpdate(new DicomSequence(DicomTags.AnatomicRegionSequence, [code]));
        var creator = ds.GetPrivateTag(0x0009, "OSPREY TEST", 0x01, reserve: true)!.Value;
        ds.AddOrUpdate(creator, DicomVR.LO, "private value");
        ds.AddOrUpdate(new DicomValueElement(DicomTags.PixelData, DicomVR.OW, new byte[(long)rows * columns * 2 * frames]));
        return new DicomFile(meta, ds) { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian };
    }

    public static byte[] CreateBytes(int index)
    {
        var ms = new MemoryStream();
        Create(index).Save(ms);
        return ms.ToArray();
    }
}
