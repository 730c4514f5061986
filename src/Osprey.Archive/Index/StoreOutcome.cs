namespace Osprey.Archive.Index;

/// <summary>What <see cref="IArchiveIndex.StoreAsync"/> did with an instance.</summary>
public enum StoreOutcomeKind
{
    /// <summary>A new instance was indexed.</summary>
    Added,

    /// <summary>The instance replaced one with the same SOP Instance UID (policy <c>replace</c>).</summary>
    Replaced,

    /// <summary>The SOP Instance UID was already indexed and was kept unchanged (policy <c>keep</c>).</summary>
    KeptExisting,

    /// <summary>The SOP Instance UID was already indexed; nothing changed (policy <c>reject</c>).</summary>
    RejectedDuplicate,
}

/// <summary>
/// The result of storing one instance in the index. <see cref="PreviousFile"/> is the file of the
/// replaced instance when it differs from the new one: the caller deletes it once the index no longer
/// points at it. <see cref="Existing"/> is the instance the index kept instead (policies <c>keep</c>
/// and <c>reject</c>): the index never pointed at the new file, and the caller deletes it.
/// </summary>
public sealed record StoreOutcome(StoreOutcomeKind Kind, string? PreviousFile = null, StoredInstance? Existing = null);

/// <summary>The instance the index already held under the SOP Instance UID: its file, the AE title it came from, when it was received.</summary>
public sealed record StoredInstance(string File, string SourceAeTitle, DateTimeOffset ReceivedAt);
