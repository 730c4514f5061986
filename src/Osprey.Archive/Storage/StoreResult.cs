using Osprey.Archive.Index;

namespace Osprey.Archive.Storage;

/// <summary>The storage outcomes a C-STORE response reports (PS3.4 §B.2.3); the service maps them to status codes.</summary>
public enum StoreStatus
{
    /// <summary>Stored (or, with the <c>keep</c> policy, already stored): 0000.</summary>
    Success,

    /// <summary>Refused: Out of Resources (disk full, index unavailable): A700.</summary>
    OutOfResources,

    /// <summary>Error: Data Set does not match SOP Class (its UIDs differ from the command's): A900.</summary>
    DataSetDoesNotMatchSopClass,

    /// <summary>Error: Cannot understand (the data set cannot be parsed): C000.</summary>
    CannotUnderstand,

    /// <summary>Refused by the <c>reject</c> duplicate policy: Duplicate SOP Instance, 0111 (PS3.7 §C.4).</summary>
    DuplicateRejected,
}

/// <summary>
/// What became of one instance. When it was not stored, <see cref="ErrorComment"/> says why in at
/// most 64 characters (it travels as the response's Error Comment, an LO, PS3.7 §C.4) and
/// <see cref="Detail"/> says it in full for the log.
/// </summary>
public sealed record StoreResult(StoreStatus Status, string? ErrorComment = null, StoreOutcomeKind? Outcome = null, string? File = null, string? Detail = null)
{
    /// <summary>A failure with a short comment for the response and the whole story for the log.</summary>
    public static StoreResult Failure(StoreStatus status, string comment, string detail)
        => new(status, comment.Length <= 64 ? comment : comment[..64], null, null, detail);

    public bool IsSuccess => Status == StoreStatus.Success;
}
