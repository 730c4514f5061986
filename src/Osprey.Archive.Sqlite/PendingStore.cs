using Osprey.Archive.Index;

namespace Osprey.Archive.Sqlite;

/// <summary>A store waiting for the index writer, and the task its caller awaits.</summary>
internal sealed class PendingStore(InstanceRecord record, IndexedHeader header, DuplicatePolicy policy, CancellationToken cancellationToken)
{
    public InstanceRecord Record { get; } = record;
    public IndexedHeader Header { get; } = header;
    public DuplicatePolicy Policy { get; } = policy;
    public CancellationToken CancellationToken { get; } = cancellationToken;

    // Continuations run on the thread pool, never on the writer's thread.
    public TaskCompletionSource<StoreOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>This store's result inside the current transaction, reported only once it commits.</summary>
    public StoreOutcome? Outcome { get; set; }

    /// <summary>Why this store failed inside the current transaction (its savepoint was rolled back).</summary>
    public Exception? Error { get; set; }
}
