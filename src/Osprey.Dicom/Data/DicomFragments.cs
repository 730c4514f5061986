namespace Osprey.Dicom.Data;

/// <summary>
/// Encapsulated pixel data (PS3.5 §A.4): a Pixel Data element of undefined length holding the Basic
/// Offset Table (the first item, possibly empty) and then one item per fragment of compressed data.
/// Fragments are kept exactly as received; no codec is involved.
/// </summary>
public sealed class DicomFragments(DicomTag tag, DicomVR vr) : DicomElement(tag, vr)
{
    /// <summary>The value of the first item: 32-bit offsets of each frame's first fragment, or empty.</summary>
    public DicomValue OffsetTable { get; set; } = DicomValue.Empty;

    public List<DicomValue> Fragments { get; } = [];

    public override long Length => -1;

    /// <summary>The Basic Offset Table decoded (always little endian: encapsulation exists only in LE syntaxes).</summary>
    public uint[] GetOffsets()
    {
        var bytes = OffsetTable.ToArray();
        var result = new uint[bytes.Length / 4];
        for (int i = 0; i < result.Length; i++)
            result[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
        return result;
    }
}
