using Microsoft.Data.Sqlite;

namespace Osprey.Archive.Sqlite.Tests;

/// <summary>An index database in a directory of its own, deleted afterwards.</summary>
internal sealed class TempIndex : IAsyncDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "osprey-index-" + Guid.NewGuid().ToString("N"));

    public string DatabasePath => SqliteArchiveIndex.PathIn(Directory);

    public SqliteArchiveIndex Index { get; private set; }

    public TempIndex(SqliteIndexOptions? options = null) => Index = SqliteArchiveIndex.Open(DatabasePath, options ?? new SqliteIndexOptions());

    /// <summary>Closes the index and opens the same database again.</summary>
    public async Task ReopenAsync()
    {
        await Index.DisposeAsync();
        Index = SqliteArchiveIndex.Open(DatabasePath);
    }

    /// <summary>A connection of the test's own, to look at what a person would see with the sqlite3 shell.</summary>
    public SqliteConnection Connect()
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    public object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var c = Connect();
        using var command = c.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command.ExecuteScalar();
    }

    public async ValueTask DisposeAsync()
    {
        await Index.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}
