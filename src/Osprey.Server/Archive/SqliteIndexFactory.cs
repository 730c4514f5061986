using Osprey.Archive.Index;
using Osprey.Archive.Sqlite;

namespace Osprey.Server.Archive;

/// <summary>The embedded index (<c>Index:Provider</c> <c>sqlite</c>): one SQLite database, <c>&lt;data&gt;/index/osprey.db</c>.</summary>
public sealed class SqliteIndexFactory : IArchiveIndexFactory
{
    public static SqliteIndexFactory Instance { get; } = new();

    public string Location(string dataDirectory) => SqliteArchiveIndex.PathIn(dataDirectory);

    public bool Exists(string dataDirectory) => File.Exists(Location(dataDirectory));

    public IArchiveIndex Open(string dataDirectory) => SqliteArchiveIndex.Open(Location(dataDirectory));
}
