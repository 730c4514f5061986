using Microsoft.Data.Sqlite;
using Osprey.Archive.Index;
using Osprey.Archive.Storage;

namespace Osprey.Archive.Sqlite;

/// <summary>
/// The one writer of the SQLite index, with group commit. SQLite takes one writer at a time and a
/// FULL-synchronous commit costs an fsync, so stores from every association go into one queue; a
/// dedicated thread takes everything waiting, indexes it in one transaction (one fsync for the
/// batch) and then completes each caller with its own outcome. Each store runs under its own
/// SAVEPOINT: one that fails is rolled back alone and the others still commit. Where SQLite rolls
/// back the whole transaction itself (disk full, I/O error), the failing store is failed and the
/// rest of the batch is run again in a new transaction, so nothing partial is ever committed and no
/// caller is told "stored" for a store that was rolled back.
/// </summary>
internal sealed class SqliteIndexWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly string _databasePath;
    private readonly int _maxBatch;
    private readonly SqliteInstanceStore _store;
    private readonly SqliteStatement _begin, _commit, _rollback, _savepoint, _release, _rollbackToSavepoint;

    private readonly object _gate = new(); // a monitor: the writer waits on it for work
    private readonly Queue<PendingStore> _queue = new();
    private bool _closing;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SqliteIndexWriter(SqliteConnection connection, string databasePath, int maxBatch)
    {
        _connection = connection;
        _databasePath = databasePath;
        _maxBatch = maxBatch;
        _store = new SqliteInstanceStore(connection);
        _begin = new(connection, "BEGIN IMMEDIATE");
        _commit = new(connection, "COMMIT");
        _rollback = new(connection, "ROLLBACK");
        _savepoint = new(connection, "SAVEPOINT store");
        _release = new(connection, "RELEASE store");
        _rollbackToSavepoint = new(connection, "ROLLBACK TO store");
        _thread = new Thread(Run) { IsBackground = true, Name = "Osprey index writer" };
        _thread.Start();
    }

    /// <summary>Queues a store; the task completes once its transaction has committed (or it failed).</summary>
    public Task<StoreOutcome> Enqueue(PendingStore store)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closing, this);
            _queue.Enqueue(store);
            if (_queue.Count == 1) Monitor.Pulse(_gate);
        }
        return store.Completion.Task;
    }

    private void Run()
    {
        var batch = new List<PendingStore>(_maxBatch);
        while (true)
        {
            lock (_gate)
            {
                while (_queue.Count == 0 && !_closing) Monitor.Wait(_gate);
                if (_queue.Count == 0) break; // closing, and everything queued has been written
                while (batch.Count < _maxBatch && _queue.TryDequeue(out var next)) batch.Add(next);
            }
            try
            {
                WriteBatch(batch);
            }
            catch (Exception ex)
            {
                // A fault in the writer itself: fail the batch rather than leave its callers waiting.
                foreach (var p in batch) p.Completion.TrySetException(ex);
            }
            batch.Clear();
        }
        _stopped.TrySetResult();
    }

    private void WriteBatch(List<PendingStore> batch)
    {
        var live = new List<PendingStore>(batch.Count);
        foreach (var p in batch)
        {
            if (p.CancellationToken.IsCancellationRequested) p.Completion.TrySetCanceled(p.CancellationToken);
            else live.Add(p);
        }
        while (live.Count > 0)
        {
            int lost = WriteTransaction(live);
            if (lost < 0) return;
            live.RemoveAt(lost); // that store failed and took the transaction with it: run the others again
        }
    }

    /// <summary>
    /// Runs the stores in one transaction and completes them. Returns -1 when done, or the position
    /// of a store whose failure rolled back the whole transaction (that store is already failed).
    /// </summary>
    private int WriteTransaction(List<PendingStore> live)
    {
        try
        {
            _begin.Execute();
        }
        catch (SqliteException ex)
        {
            FailAll(live, ex);
            return -1;
        }

        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (int i = 0; i < live.Count; i++)
        {
            var p = live[i];
            p.Outcome = null;
            p.Error = null;
            try
            {
                _savepoint.Execute();
                p.Outcome = _store.Store(p.Record, p.Header, p.Policy, now);
                _release.Execute();
            }
            catch (Exception ex)
            {
                p.Error = ex;
                if (InTransaction && TryRollBackSavepoint()) continue;
                RollBackQuietly();
                p.Completion.TrySetException(Translate(ex));
                return i;
            }
        }

        try
        {
            _commit.Execute();
        }
        catch (SqliteException ex)
        {
            RollBackQuietly();
            FailAll(live, ex);
            return -1;
        }
        try
        {
            SyncWal();
        }
        catch (IOException ex)
        {
            // Committed but perhaps not on disk: nobody may be told it is stored.
            foreach (var p in live) p.Completion.TrySetException(new ArchiveIndexException($"index database {_databasePath}: {ex.Message}", ex));
            return -1;
        }

        foreach (var p in live)
        {
            if (p.Error is { } error) p.Completion.TrySetException(Translate(error));
            else p.Completion.TrySetResult(p.Outcome!);
        }
        return -1;
    }

    private Microsoft.Win32.SafeHandles.SafeFileHandle? _wal;

    /// <summary>
    /// Makes the transaction just committed durable: fdatasync of the WAL, which holds it (SQLite's
    /// own FULL mode would fsync, also writing the WAL's modification time and so forcing a file-system
    /// journal commit each time; the data is all a WAL commit needs).
    /// </summary>
    private void SyncWal()
    {
        var path = _databasePath + "-wal";
        _wal ??= File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        DurableFile.SyncData(_wal, path);
    }

    /// <summary>False when SQLite has rolled the transaction back by itself (sqlite3_get_autocommit).</summary>
    private bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) == 0;

    private bool TryRollBackSavepoint()
    {
        try
        {
            _rollbackToSavepoint.Execute();
            _release.Execute();
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private void RollBackQuietly()
    {
        if (!InTransaction) return;
        try { _rollback.Execute(); }
        catch (SqliteException) { /* the connection reports the original error */ }
    }

    private void FailAll(List<PendingStore> stores, SqliteException ex)
    {
        var error = SqliteErrors.Translate(_databasePath, ex);
        foreach (var p in stores) p.Completion.TrySetException(error);
    }

    private Exception Translate(Exception ex) => ex is SqliteException sqlite ? SqliteErrors.Translate(_databasePath, sqlite) : ex;

    /// <summary>Writes what is queued, stops the thread, and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_closing) return;
            _closing = true;
            Monitor.PulseAll(_gate);
        }
        await _stopped.Task.ConfigureAwait(false);
        _store.Dispose();
        foreach (var s in new[] { _begin, _commit, _rollback, _savepoint, _release, _rollbackToSavepoint }) s.Dispose();
        _wal?.Dispose();
        _connection.Dispose();
    }
}
