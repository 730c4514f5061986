using System.Globalization;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Interop.Tests.Support;

/// <summary>
/// Writes synthetic CT instances as Part 10 files (Explicit VR Little Endian) with known attributes:
/// <c>count</c> instances spread over <c>studies</c> studies of one series each, 16-bit pixels of
/// <c>rows</c>×<c>columns</c> (512×512 ≈ 0.5 MB) filled with a pattern unique to each instance, so
/// a byte moved or lost in storage shows.
/// </summary>
public static class SyntheticCt
{
    public sealed record Instance(string Path, string PatientId, string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid);

    public static IReadOnlyList<Instance> Write(string directory, int count, int studies = 5, int rows = 512, int columns = 512, string? uidRoot = null)
    {
        Directory.CreateDirectory(directory);
        uidRoot ??= "2.25." + (UInt128)Random.Shared.NextInt64() * (ulong)Random.Shared.NextInt64();
        var written = new List<Instance>(count);
        for (int i = 0; i < count; i++)
        {
            int s = i % studies;
            string patientId = $"SYN{s:D4}", study = $"{uidRoot}.{s + 1}", series = $"{study}.1", sop = $"{series}.{i + 1}";
            var meta = new DicomDataset();
            meta.AddOrUpdate<uint>(DicomTags.FileMetaInformationGroupLength, DicomVR.UL, 0);
            meta.AddOrUpdate<byte>(DicomTags.FileMetaInformationVersion, DicomVR.OB, 0, 1);
            meta.AddOrUpdate(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, DicomUids.CTImageStorage);
            meta.AddOrUpdate(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, sop);
            meta.AddOrUpdate(DicomTags.TransferSyntaxUID, DicomVR.UI, DicomUids.ExplicitVRLittleEndian);
            meta.AddOrUpdate(DicomTags.ImplementationClassUID, DicomVR.UI, "1.2.3.4");

            var ds = new DicomDataset();
            ds.AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 100");
            ds.AddOrUpdate(DicomTags.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
            ds.AddOrUpdate(DicomTags.SOPClassUID, DicomUids.CTImageStorage);
            ds.AddOrUpdate(DicomTags.SOPInstanceUID, sop);
            ds.AddOrUpdate(DicomTags.StudyDate, $"2024{1 + s % 12:D2}{1 + s % 28:D2}");
            ds.AddOrUpdate(DicomTags.StudyTime, "101530");
            ds.AddOrUpdate(DicomTags.AccessionNumber, $"ACC{s:D5}");
            ds.AddOrUpdate(DicomTags.Modality, "CT");
            ds.AddOrUpdate(DicomTags.ReferringPhysicianName, "Smith^John");
            ds.AddOrUpdate(DicomTags.StudyDescription, "CT CHEST");
            ds.AddOrUpdate(DicomTags.PatientName, $"Synthetic^Patient{s:D4}");
            ds.AddOrUpdate(DicomTags.PatientID, patientId);
            ds.AddOrUpdate(DicomTags.PatientBirthDate, "19700101");
            ds.AddOrUpdate(DicomTags.PatientSex, s % 2 == 0 ? "F" : "M");
            ds.AddOrUpdate(DicomTags.StudyInstanceUID, study);
            ds.AddOrUpdate(DicomTags.SeriesInstanceUID, series);
            ds.AddOrUpdate(DicomTags.StudyID, $"{s + 1}");
            ds.AddOrUpdate(DicomTags.SeriesNumber, "1");
            ds.AddOrUpdate(DicomTags.InstanceNumber, (i + 1).ToString(CultureInfo.InvariantCulture));
            ds.AddOrUpdate(DicomTags.PhotometricInterpretation, "MONOCHROME2");
            ds.AddOrUpdate<ushort>(DicomTags.SamplesPerPixel, DicomVR.US, 1);
            ds.AddOrUpdate<ushort>(DicomTags.Rows, DicomVR.US, (ushort)rows);
            ds.AddOrUpdate<ushort>(DicomTags.Columns, DicomVR.US, (ushort)columns);
            ds.AddOrUpdate<ushort>(DicomTags.BitsAllocated, DicomVR.US, 16);
            ds.AddOrUpdate<ushort>(DicomTags.BitsStored, DicomVR.US, 12);
            ds.AddOrUpdate<ushort>(DicomTags.HighBit, DicomVR.US, 11);
            ds.AddOrUpdate<ushort>(DicomTags.PixelRepresentation, DicomVR.US, 0);
            var pixels = new byte[rows * columns * 2];
            new Random(i).NextBytes(pixels);
            ds.AddOrUpdate(new DicomValueElement(DicomTags.PixelData, DicomVR.OW, pixels));
            var path = System.IO.Path.Combine(directory, $"ct{i:D5}.dcm");
            new DicomFile(meta, ds) { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian }.Save(path);
            written.Add(new Instance(path, patientId, study, series, sop));
        }
        return written;
    }
}
