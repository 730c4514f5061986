using System.Collections.Concurrent;

namespace Osprey.Archive.Sqlite;

/// <summary>
/// Open read connections with their lookups prepared, lent out one per call. In WAL mode each reads
/// the last committed state beside the writer; an idle one holds no snapshot, so it never holds up
/// a checkpoint. At most <see cref="MaxIdle"/> are kept; more are opened under load and closed after.
/// </summary>
internal sealed class SqliteReaderPool(string connectionString) : IDisposable
{
    private const int MaxIdle = 8;
    private readonly ConcurrentBag<SqliteReader> _idle = [];
    private volatile bool _disposed;

    public T Run<T>(Func<SqliteReader, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_idle.TryTake(out var reader)) reader = new SqliteReader(connectionString);
        bool keep = false;
        try
        {
            var result = read(reader);
            keep = true;
            return result;
        }
        finally
        {
            // A reader whose statement failed is not reused: its connection may be in any state.
            if (keep && !_disposed && _idle.Count < MaxIdle) _idle.Add(reader);
            else reader.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader)) reader.Dispose();
    }
}
