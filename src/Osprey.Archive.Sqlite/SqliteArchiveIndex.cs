using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Osprey.Archive.Index;

namespace Osprey.Archive.Sqlite;

/// <summary>
/// The embedded index of the PS3.4 C.6 information model (patient / study / series / instance) in
/// one SQLite database, <c>&lt;data&gt;/index/osprey.db</c>, in WAL mode. Stores go through one
/// writer with group commit (<see cref="SqliteIndexWriter"/>): each caller's store is one atomic,
/// durable step, and concurrent stores share one fsync. Lookups run on their own pooled
/// connections beside the writer, each reading the last committed state.
/// </summary>
public sealed class SqliteArchiveIndex : IArchiveIndex
{
    private readonly string _readerConnectionString;
    private readonly SqliteReaderPool _readers;
    private readonly SqliteIndexWriter _writer;
    private int _disposed;

    private SqliteArchiveIndex(string databasePath, string readerConnectionString, SqliteIndexWriter writer)
    {
        DatabasePath = databasePath;
        _readerConnectionString = readerConnectionString;
        _readers = new SqliteReaderPool(readerConnectionString);
        _writer = writer;
    }

    /// <summary>The database file (absolute).</summary>
    public string DatabasePath { get; }

    /// <summary>Where the index lives in a data directory: <c>&lt;data&gt;/index/osprey.db</c>.</summary>
    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, "index", "osprey.db");

    /// <summary>
    /// Opens the index database, creating it (and its directory) when missing and bringing its
    /// schema up to date. Throws <see cref="ArchiveIndexException"/> when it cannot be opened.
    /// </summary>
    public static SqliteArchiveIndex Open(string databasePath) => Open(databasePath, new SqliteIndexOptions());

    internal static SqliteArchiveIndex Open(string databasePath, SqliteIndexOptions options)
    {
        var path = Path.GetFullPath(databasePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArchiveIndexException($"index database {path}: cannot create its directory ({ex.Message})", ex);
        }

        var writerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = options.BusyTimeoutSeconds,
        }.ToString();
        var readerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite, // WAL readers write the -shm index
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = options.BusyTimeoutSeconds,
        }.ToString();

        var connection = new SqliteConnection(writerConnectionString);
        try
        {
            connection.Open();
            using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode = WAL";
                var mode = wal.ExecuteScalar() as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new ArchiveIndexException($"index database {path}: the file system does not support SQLite's WAL mode (journal mode stays '{mode}'); put the data directory on a local disk");
            }
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText = SqliteSchema.WriterPragmas
                    + (options.MaxPageCount is { } pages ? $"PRAGMA max_page_count = {pages.ToString(CultureInfo.InvariantCulture)};" : "");
                pragmas.ExecuteNonQuery();
            }
            SqliteSchema.EnsureCurrent(connection, path);
            return new SqliteArchiveIndex(path, readerConnectionString, new SqliteIndexWriter(connection, path, options.MaxBatch));
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw SqliteErrors.Translate(path, ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The header's attributes are extracted on the caller's thread; the write joins the next group
    /// commit. Cancellation is honoured until the writer takes the store up; after that the store
    /// completes, so a caller never sees a cancelled store that was in fact committed. Throws
    /// <see cref="ArgumentException"/> when the header lacks the Study, Series or SOP Instance UID.
    /// </remarks>
    public ValueTask<StoreOutcome> StoreAsync(InstanceRecord record, DuplicatePolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        var header = IndexedHeader.From(record.Header);
        return new ValueTask<StoreOutcome>(_writer.Enqueue(new PendingStore(record, header, policy, cancellationToken)));
    }

    /// <inheritdoc/>
    public ValueTask<IndexedInstance?> FindInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(lookups =>
        {
            using var reader = lookups.FindInstance.Query(sopInstanceUid);
            return reader.Read() ? ReadInstance(reader) : null;
        }));
    }

    /// <inheritdoc/>
    /// <remarks>Reads one snapshot of the index: stores committed meanwhile are not seen.</remarks>
    public IAsyncEnumerable<IndexedInstance> InstancesAsync(CancellationToken cancellationToken = default)
        => Stream(c =>
        {
            var command = c.CreateCommand();
            command.CommandText = SqliteReader.InstanceColumns;
            return command;
        }, ReadInstance, cancellationToken);

    /// <inheritdoc/>
    public IAsyncEnumerable<Osprey.Dicom.Data.DicomDataset> SelectAsync(IndexSelection selection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var entities = new SqliteEntityReader(selection.Level);
        return Stream(c => SqliteSelection.Entities(c, selection), entities.Read, cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<IndexedInstance> SelectInstancesAsync(IndexSelection selection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return Stream(c => SqliteSelection.Instances(c, selection), ReadInstance, cancellationToken);
    }

    /// <summary>
    /// Runs a query on a read connection of its own and yields its rows as they are read: one
    /// snapshot of the index (WAL), whatever is committed meanwhile.
    /// </summary>
    private async IAsyncEnumerable<T> Stream<T>(Func<SqliteConnection, SqliteCommand> query, Func<SqliteDataReader, T> read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        SqliteConnection? connection = null;
        SqliteCommand? command = null;
        SqliteDataReader? reader = null;
        try
        {
            try
            {
                connection = new SqliteConnection(_readerConnectionString);
                connection.Open();
                command = query(connection);
                reader = command.ExecuteReader();
            }
            catch (SqliteException ex)
            {
                throw SqliteErrors.Translate(DatabasePath, ex);
            }
            while (true)
            {
                bool more;
                try
                {
                    more = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (SqliteException ex)
                {
                    throw SqliteErrors.Translate(DatabasePath, ex);
                }
                if (!more) break;
                yield return read(reader);
            }
        }
        finally
        {
            reader?.Dispose();
            command?.Dispose();
            connection?.Dispose();
        }
    }

    /// <inheritdoc/>
    public ValueTask<long> CountInstancesAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(lookups => (long)lookups.CountInstances.Scalar()!));
    }

    /// <inheritdoc/>
    public ValueTask<StudySummary?> FindStudyAsync(string studyInstanceUid, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(lookups =>
        {
            using var reader = lookups.FindStudy.Query(studyInstanceUid);
            if (!reader.Read()) return null;
            return new StudySummary(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                SplitValues(reader.GetString(4)),
                SplitValues(reader.GetString(5)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));
        }));
    }

    /// <summary>Runs a lookup on a read connection of its own; WAL lets it run beside the writer.</summary>
    private T Read<T>(Func<SqliteReader, T> read)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            return _readers.Run(read);
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Translate(DatabasePath, ex);
        }
    }

    private static IndexedInstance ReadInstance(SqliteDataReader r) => new(
        StudyInstanceUid: r.GetString(0),
        SeriesInstanceUid: r.GetString(1),
        SopInstanceUid: r.GetString(2),
        SopClassUid: r.GetString(3),
        File: r.GetString(4),
        Size: r.GetInt64(5),
        TransferSyntaxUid: r.GetString(6),
        SourceAeTitle: r.GetString(7),
        ReceivedAt: DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)));

    private static string[] SplitValues(string list) => list.Length == 0 ? [] : list.Split('\\');

    /// <summary>Writes every store already queued, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _writer.DisposeAsync().ConfigureAwait(false);
        _readers.Dispose();
        using var pooled = new SqliteConnection(_readerConnectionString);
        SqliteConnection.ClearPool(pooled); // close the idle reader connections, so the files are released
    }
}
