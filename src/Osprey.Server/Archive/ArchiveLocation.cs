using Osprey.Archive.Index;
using Osprey.Archive.Sqlite;
using Osprey.Archive.Storage;
using Osprey.Network.Association;
using Osprey.Server.Settings;

namespace Osprey.Server.Archive;

/// <summary>
/// Where the archive lives in the data directory — <c>storage/</c> for the files, <c>index/osprey.db</c>
/// for the embedded SQLite index — and how <c>serve</c>, <c>import</c> and <c>verify</c> open it.
/// </summary>
public static class ArchiveLocation
{
    public static string StorageDirectory(string dataDirectory) => Path.Combine(dataDirectory, "storage");

    public static string IndexPath(string dataDirectory) => Path.Combine(dataDirectory, "index", "osprey.db");

    /// <summary>Opens the blob store and the index (creating both on first use).</summary>
    public static (BlobStore Blobs, IArchiveIndex Index) Open(string dataDirectory)
    {
        var blobs = new BlobStore(StorageDirectory(dataDirectory));
        Directory.CreateDirectory(Path.GetDirectoryName(IndexPath(dataDirectory))!);
        var index = SqliteArchiveIndex.Open(IndexPath(dataDirectory));
        return (blobs, index);
    }

    /// <summary>The store every instance goes through, with the duplicate policy of the settings.</summary>
    public static ArchiveStore CreateStore(BlobStore blobs, IArchiveIndex index, StorageSettings settings)
        => new(blobs, index, PolicyOf(settings.DuplicatePolicy), OspreyImplementation.ClassUid, OspreyImplementation.VersionName);

    public static DuplicatePolicy PolicyOf(string setting) => setting switch
    {
        StorageSettings.Keep => DuplicatePolicy.Keep,
        StorageSettings.Reject => DuplicatePolicy.Reject,
        _ => DuplicatePolicy.Replace,
    };
}
