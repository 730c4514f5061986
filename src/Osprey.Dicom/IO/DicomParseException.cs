using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>
/// Data that cannot be parsed as DICOM: says where (byte offset from the start of the source) and,
/// when known, in which element.
/// </summary>
public sealed class DicomParseException(string reason, long offset, DicomTag? tag = null)
    : Exception(tag is { } t ? $"at byte {offset}, element {t}: {reason}" : $"at byte {offset}: {reason}")
{
    public string Reason { get; } = reason;
    public long Offset { get; } = offset;
    public DicomTag? Tag { get; } = tag;
}
