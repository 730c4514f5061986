using Osprey.Dicom.Data;

namespace Osprey.Archive.Query;

/// <summary>
/// One attribute of a response identifier before it is encoded: text of the VRs that follow the Specific
/// Character Set (SH, LO, ST, LT, PN, UC, UT; PS3.5 §6.1.2.3) is held decoded so that the response can be
/// encoded in a character set chosen afterwards; every other value keeps its bytes.
/// </summary>
internal abstract record ResponseNode(DicomTag Tag, DicomVR VR);

/// <summary>Decoded text (several values joined by backslashes), to be encoded in the response's character set.</summary>
internal sealed record ResponseText(DicomTag Tag, DicomVR VR, string Text) : ResponseNode(Tag, VR);

/// <summary>A value copied as it is stored (zero length for a key the entity has no value for).</summary>
internal sealed record ResponseBytes(DicomTag Tag, DicomVR VR, DicomValue Value, bool BigEndian) : ResponseNode(Tag, VR);

/// <summary>A sequence and the attributes of each of its items.</summary>
internal sealed record ResponseSequence(DicomTag Tag, IReadOnlyList<IReadOnlyList<ResponseNode>> Items) : ResponseNode(Tag, DicomVR.SQ);
