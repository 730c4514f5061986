namespace Osprey.Archive.Storage;

/// <summary>
/// What the sender says about an instance before its data set arrives: the C-STORE request's
/// Affected SOP Class and Instance UIDs (PS3.7 §9.1.1), the presentation context's transfer syntax,
/// and the calling AE title (empty for an import).
/// </summary>
public sealed record StoreRequest(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, string SourceAeTitle);
