using System.Collections.Concurrent;

namespace Osprey.Dicom.Data;

/// <summary>
/// A transfer syntax (PS3.5 §10 and Annex A): how a data set is encoded — explicit or implicit
/// VR, byte order, deflate, and whether Pixel Data is encapsulated. Syntaxes not listed here are
/// taken, as the standard requires of every compressed syntax, to be Explicit VR Little Endian with
/// encapsulated pixel data.
/// </summary>
public sealed class DicomTransferSyntax
{
    private DicomTransferSyntax(string uid, string name, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = explicitVR;
        IsBigEndian = bigEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
    }

    public string Uid { get; }
    public string Name { get; }
    public bool IsExplicitVR { get; }
    public bool IsBigEndian { get; }
    public bool IsDeflated { get; }
    public bool IsEncapsulated { get; }

    /// <summary>Native (uncompressed) pixel data: the syntaxes Osprey can transcode among.</summary>
    public bool IsUncompressed => !IsEncapsulated;

    /// <summary>PS3.5 §A.1, the default transfer syntax of DICOM.</summary>
    public static readonly DicomTransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, false);

    /// <summary>PS3.5 §A.2.</summary>
    public static readonly DicomTransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, false);

    /// <summary>PS3.5 §A.5.</summary>
    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, false);

    /// <summary>PS3.5 §A.3 (retired, still met in old archives).</summary>
    public static readonly DicomTransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, false);

    /// <summary>The uncompressed syntaxes in the order Osprey prefers them.</summary>
    public static readonly IReadOnlyList<DicomTransferSyntax> Uncompressed =
        [ExplicitVRLittleEndian, ImplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian];

    // JPIP Referenced syntaxes carry no pixel data, so nothing is encapsulated (PS3.5 §A.6, A.7).
    private static readonly DicomTransferSyntax JpipReferenced = new("1.2.840.10008.1.2.4.94", "JPIP Referenced", true, false, false, false);
    private static readonly DicomTransferSyntax JpipReferencedDeflate = new("1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", true, false, true, false);
    private static readonly DicomTransferSyntax JpipHtj2kReferenced = new("1.2.840.10008.1.2.4.204", "JPIP HTJ2K Referenced", true, false, false, false);
    private static readonly DicomTransferSyntax JpipHtj2kReferencedDeflate = new("1.2.840.10008.1.2.4.205", "JPIP HTJ2K Referenced Deflate", true, false, true, false);

    // Retired (PS3.5 before 1998): Implicit VR Little Endian with the Papyrus 3 file conventions.
    private static readonly DicomTransferSyntax Papyrus3ImplicitVRLittleEndian = new("1.2.840.10008.1.20", "Papyrus 3 Implicit VR Little Endian", false, false, false, false);

    private static readonly ConcurrentDictionary<string, DicomTransferSyntax> Known = new(
        new[] { ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian, JpipReferenced, JpipReferencedDeflate,
                JpipHtj2kReferenced, JpipHtj2kReferencedDeflate, Papyrus3ImplicitVRLittleEndian }
            .ToDictionary(t => t.Uid));

    /// <summary>The syntax for a UID (trailing NUL or space padding ignored).</summary>
    public static DicomTransferSyntax FromUid(string uid)
    {
        uid = uid.TrimEnd('\0', ' ').Trim();
        return Known.GetOrAdd(uid, static u =>
            new DicomTransferSyntax(u, Dictionary.DicomUidRegistry.Lookup(u)?.Name ?? u, true, false, false, true));
    }

    public override string ToString() => $"{Name} ({Uid})";
}
