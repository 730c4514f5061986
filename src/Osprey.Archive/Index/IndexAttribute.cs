using Osprey.Dicom.Data;

namespace Osprey.Archive.Index;

/// <summary>
/// One attribute of a level of the Query/Retrieve information models (PS3.4 C.6.1.1.2–C.6.1.1.5,
/// C.6.2.1.2–C.6.2.1.4). <paramref name="Computed"/> marks the attributes the index maintains itself
/// (PS3.4 C.3.4: the Number of … Related … counts, Modalities in Study, SOP Classes in Study); they
/// are never taken from a received header.
/// </summary>
public sealed record IndexAttribute(DicomTag Tag, IndexLevel Level, QueryKeyType KeyType, bool Computed = false);
