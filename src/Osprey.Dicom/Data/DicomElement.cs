namespace Osprey.Dicom.Data;

/// <summary>
/// A data element (PS3.5 §7.1): a tag, a value representation and a value field. The value field
/// takes one of three shapes, each a subclass: plain bytes (<see cref="DicomValueElement"/>), a
/// sequence of items (<see cref="DicomSequence"/>), or encapsulated fragments
/// (<see cref="DicomFragments"/>, PS3.5 §A.4).
/// </summary>
public abstract class DicomElement(DicomTag tag, DicomVR vr)
{
    public DicomTag Tag { get; } = tag;

    /// <summary>The VR as read or set. Implicit VR data gets the dictionary's VR at read time.</summary>
    public DicomVR VR { get; internal set; } = vr;

    /// <summary>
    /// True when the element arrived as UN although the dictionary knows its VR (PS3.5 §6.2.2
    /// allows a receiver to restore it). <see cref="VR"/> is then the dictionary's, and the element
    /// is written back as UN so that unmodified data stays byte-identical. For a sequence, its
    /// items are then Implicit VR Little Endian whatever the transfer syntax.
    /// </summary>
    public bool EncodedAsUnknown { get; set; }

    /// <summary>The encoded length of the value field, without padding added on write.</summary>
    public abstract long Length { get; }

    public override string ToString() => $"{Tag} {DicomVRInfo.ToText(VR)} ({Length} bytes)";
}
