using Osprey.Dicom.Dictionary;
using Osprey.Server.Settings;

namespace Osprey.Server.Devices;

/// <summary>
/// The transfer syntaxes Osprey proposes when it sends stored instances to a device (PS3.8 §9.3.2.2),
/// as a pure function of the sender's storescu flags (<c>-x…</c>, meaning what DCMTK storescu's help
/// says) and <c>Dicom:PreferredTransferSyntax</c>.
/// </summary>
public static class SenderProposals
{
    private static readonly string[] LittleFirst = [DicomUids.ExplicitVRLittleEndian, DicomUids.ExplicitVRBigEndian, DicomUids.ImplicitVRLittleEndian];
    private static readonly string[] BigFirst = [DicomUids.ExplicitVRBigEndian, DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian];

    /// <summary>The syntaxes storescu proposes for one of its <c>-x…</c> options, in its order.</summary>
    public static IReadOnlyList<string> Storescu(StorescuProposal proposal) => proposal switch
    {
        StorescuProposal.Uncompressed or StorescuProposal.ExplicitLittleFirst => LittleFirst, // little endian is the local byte order here
        StorescuProposal.ExplicitBigFirst => BigFirst,
        StorescuProposal.ImplicitOnly => [DicomUids.ImplicitVRLittleEndian],
        StorescuProposal.JpegLossless => [DicomUids.JPEGLosslessSV1, .. LittleFirst],
        StorescuProposal.JpegLossy8 => [DicomUids.JPEGBaseline8Bit, .. LittleFirst],
        StorescuProposal.JpegLossy12 => [DicomUids.JPEGExtended12Bit, .. LittleFirst],
        StorescuProposal.Jpeg2000Lossless => [DicomUids.JPEG2000Lossless, .. LittleFirst],
        StorescuProposal.Jpeg2000Lossy => [DicomUids.JPEG2000, .. LittleFirst],
        StorescuProposal.JpegLsLossless => [DicomUids.JPEGLSLossless, .. LittleFirst],
        StorescuProposal.JpegLsLossy => [DicomUids.JPEGLSNearLossless, .. LittleFirst],
        StorescuProposal.Rle => [DicomUids.RLELossless, .. LittleFirst],
        StorescuProposal.Deflated => [DicomUids.DeflatedExplicitVRLittleEndian, .. LittleFirst],
        _ => LittleFirst,
    };

    /// <summary>
    /// The uncompressed syntaxes to propose in the context that carries natively encoded instances: the
    /// flags' list (storescu's default, -x=, when they name none) without its compressed syntax (Osprey
    /// has no image codec: it cannot turn an instance into JPEG; a stored compressed instance goes in a
    /// context of its own syntax, as C-MOVE sub-operations do), with the preferred syntax first when
    /// the list has it.
    /// </summary>
    public static IReadOnlyList<string> Uncompressed(StorescuOptions flags, string preferredTransferSyntax)
    {
        var list = Storescu(flags.Proposal).Where(IsUncompressed).ToList();
        if (list.Remove(preferredTransferSyntax)) list.Insert(0, preferredTransferSyntax);
        return list;
    }

    private static bool IsUncompressed(string uid) =>
        uid is DicomUids.ExplicitVRLittleEndian or DicomUids.ImplicitVRLittleEndian or DicomUids.ExplicitVRBigEndian or DicomUids.DeflatedExplicitVRLittleEndian;
}
