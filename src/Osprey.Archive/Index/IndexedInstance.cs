namespace Osprey.Archive.Index;

/// <summary>An instance as the index knows it: its UIDs and its file (relative to the storage root).</summary>
public sealed record IndexedInstance(
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    string SopClassUid,
    string File,
    long Size,
    string TransferSyntaxUid,
    string SourceAeTitle,
    DateTimeOffset ReceivedAt);
