namespace Osprey.Archive.Index;

/// <summary>What the archive does when an instance arrives whose SOP Instance UID it already holds (setting <c>Storage:DuplicatePolicy</c>).</summary>
public enum DuplicatePolicy
{
    /// <summary>The new instance replaces the stored one.</summary>
    Replace,

    /// <summary>The stored instance is kept; the new one is acknowledged and dropped.</summary>
    Keep,

    /// <summary>The new instance is refused.</summary>
    Reject,
}
