namespace Osprey.Archive.Sqlite;

/// <summary>Tuning of the embedded index; the defaults suit a server.</summary>
internal sealed record SqliteIndexOptions
{
    /// <summary>How long a statement waits for a lock held by another connection before failing (SQLITE_BUSY).</summary>
    public int BusyTimeoutSeconds { get; init; } = 30;

    /// <summary>The most stores the writer commits in one transaction.</summary>
    public int MaxBatch { get; init; } = 512;

    /// <summary>For tests: caps the database at this many pages, so that it fills up like a full disk (SQLITE_FULL).</summary>
    public long? MaxPageCount { get; init; }
}
