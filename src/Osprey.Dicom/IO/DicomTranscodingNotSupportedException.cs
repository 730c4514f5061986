using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>
/// A data set cannot be re-encoded from one transfer syntax to another: Osprey has no image codec,
/// so it transcodes only among the native (uncompressed) syntaxes of PS3.5 §A.1-A.3 and A.5, and
/// otherwise sends a data set only in the syntax it is stored in.
/// </summary>
public sealed class DicomTranscodingNotSupportedException(DicomTransferSyntax from, DicomTransferSyntax to)
    : NotSupportedException(Describe(from, to))
{
    public DicomTransferSyntax From { get; } = from;
    public DicomTransferSyntax To { get; } = to;

    private static string Describe(DicomTransferSyntax from, DicomTransferSyntax to)
    {
        var reason = from.IsEncapsulated
            ? $"{from} holds encapsulated (compressed) pixel data and Osprey has no codec to decompress it"
            : to.IsEncapsulated
                ? $"{to} needs compressed pixel data and Osprey has no codec to compress it"
                : "Osprey transcodes only among Implicit VR Little Endian, Explicit VR Little Endian, Deflated Explicit VR Little Endian and Explicit VR Big Endian";
        return $"cannot transcode a data set from {from} to {to}: {reason}";
    }
}
