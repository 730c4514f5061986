using Osprey.Archive.Index;
using Osprey.Archive.Sqlite;

namespace Osprey.Archive.Tests.Index;

/// <summary>The embedded (SQLite) index in a directory of its own, deleted afterwards: the index queries run against here.</summary>
internal sealed class TemporaryIndex : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("osprey-index-").FullName;

    public TemporaryIndex() => Index = SqliteArchiveIndex.Open(SqliteArchiveIndex.PathIn(_directory));

    public IArchiveIndex Index { get; }

    public async ValueTask DisposeAsync()
    {
        await Index.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}
