using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Dicom.IO;

/// <summary>
/// The File Meta Information (group 0002, PS3.10 §7.1) of a file written for a received data set:
/// version 00 01, the Media Storage SOP Class and Instance UIDs, the transfer syntax of the bytes
/// that follow, our implementation, and the Source Application Entity Title when known. The group
/// length is computed by <see cref="DicomFileWriter.WriteMeta"/>.
/// </summary>
public static class FileMetaInformation
{
    public static DicomDataset Create(string sopClassUid, string sopInstanceUid, string transferSyntaxUid,
        string implementationClassUid, string implementationVersionName, string? sourceAeTitle = null)
    {
        var meta = new DicomDataset();
        meta.AddOrUpdate(DicomTags.FileMetaInformationGroupLength, DicomVR.UL, 0u);
        meta.AddOrUpdate<byte>(DicomTags.FileMetaInformationVersion, DicomVR.OB, 0, 1);
        meta.AddOrUpdate(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, sopClassUid);
        meta.AddOrUpdate(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, sopInstanceUid);
        meta.AddOrUpdate(DicomTags.TransferSyntaxUID, DicomVR.UI, transferSyntaxUid);
        meta.AddOrUpdate(DicomTags.ImplementationClassUID, DicomVR.UI, implementationClassUid);
        meta.AddOrUpdate(DicomTags.ImplementationVersionName, DicomVR.SH, implementationVersionName);
        if (!string.IsNullOrEmpty(sourceAeTitle)) meta.AddOrUpdate(DicomTags.SourceApplicationEntityTitle, DicomVR.AE, sourceAeTitle);
        return meta;
    }
}
