using Osprey.Dicom.Data;

namespace Osprey.Archive.Index;

/// <summary>
/// One received instance as the index takes it: the header of its data set (everything before Pixel
/// Data, decoded) and where and how it was stored.
/// </summary>
/// <param name="Header">The instance's data set up to Pixel Data; the index extracts its attributes from it.</param>
/// <param name="File">The stored Part 10 file, relative to the storage root, with '/' separators.</param>
/// <param name="Size">The file's size in bytes.</param>
/// <param name="TransferSyntaxUid">The transfer syntax the data set is stored in (as received).</param>
/// <param name="SourceAeTitle">The calling AE title it came from (empty for an import).</param>
/// <param name="ReceivedAt">When it was stored.</param>
public sealed record InstanceRecord(
    DicomDataset Header,
    string File,
    long Size,
    string TransferSyntaxUid,
    string SourceAeTitle,
    DateTimeOffset ReceivedAt)
{
    public string SopClassUid => Header.GetString(Dicom.Dictionary.DicomTags.SOPClassUID) ?? "";
    public string SopInstanceUid => Header.GetString(Dicom.Dictionary.DicomTags.SOPInstanceUID) ?? "";
    public string StudyInstanceUid => Header.GetString(Dicom.Dictionary.DicomTags.StudyInstanceUID) ?? "";
    public string SeriesInstanceUid => Header.GetString(Dicom.Dictionary.DicomTags.SeriesInstanceUID) ?? "";
}
