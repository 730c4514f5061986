using System.Buffers.Binary;
using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>
/// Reading the fixed parts of an encoded data element (PS3.5 §7.1): tags and lengths in either byte
/// order, and whether two bytes can be an explicit VR.
/// </summary>
internal static class WireFormat
{
    /// <summary>Two upper-case letters: what an explicit VR looks like on the wire.</summary>
    public static bool IsVRLike(byte a, byte b) => a is >= (byte)'A' and <= (byte)'Z' && b is >= (byte)'A' and <= (byte)'Z';

    public static DicomTag ReadTag(ReadOnlySpan<byte> b, bool bigEndian) => bigEndian
        ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(b), BinaryPrimitives.ReadUInt16BigEndian(b[2..]))
        : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(b), BinaryPrimitives.ReadUInt16LittleEndian(b[2..]));

    public static uint ReadUInt32(ReadOnlySpan<byte> b, bool bigEndian)
        => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);

    public static ushort ReadUInt16(ReadOnlySpan<byte> b, bool bigEndian)
        => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);
}
