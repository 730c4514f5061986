using Osprey.Archive.Index;
using Osprey.Archive.Storage;
using Osprey.Network.Association;
using Osprey.Server.Settings;

namespace Osprey.Server.Archive;

/// <summary>
/// Where the archive lives in the data directory — <c>storage/</c> for the files, the index wherever
/// its provider keeps it (<see cref="ArchiveIndexProviders"/>, setting <c>Index:Provider</c>) — and how
/// <c>serve</c>, <c>import</c> and <c>verify</c> open it.
/// </summary>
public static class ArchiveLocation
{
    public static string StorageDirectory(string dataDirectory) => Path.Combine(dataDirectory, "storage");

    /// <summary>Opens the blob store and the index (creating both on first use).</summary>
    public static (BlobStore Blobs, IArchiveIndex Index) Open(string dataDirectory, IndexSettings settings)
    {
        var blobs = new BlobStore(StorageDirectory(dataDirectory));
        return (blobs, OpenIndex(dataDirectory, settings));
    }

    /// <summary>Opens the index of the provider the settings name (creating it on first use).</summary>
    public static IArchiveIndex OpenIndex(string dataDirectory, IndexSettings settings)
        => ArchiveIndexProviders.For(settings).Open(dataDirectory);

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
