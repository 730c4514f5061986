namespace Osprey.Archive.Storage;

/// <summary>
/// The archive's files: one Part 10 file (PS3.10 §7) per instance under <c>&lt;data&gt;/storage</c>.
/// <para>
/// Layout: <c>storage/&lt;bucket&gt;/&lt;Study Instance UID&gt;/&lt;SOP Instance UID&gt;.dcm</c>, where the
/// bucket is two hex digits derived from the Study Instance UID (256 directories, so no directory holds
/// millions of studies). A replacement of a stored instance gets a new name
/// (<c>&lt;SOP Instance UID&gt;.&lt;suffix&gt;.dcm</c>) so the stored file is never overwritten before the
/// index points at the new one. Incoming data is written to <c>storage/.incoming/*.partial</c> on the
/// same volume and renamed into place only when complete and flushed to disk.
/// </para>
/// </summary>
public sealed class BlobStore
{
    /// <summary>The extension of a file still being received.</summary>
    public const string PartialExtension = ".partial";

    public BlobStore(string root)
    {
        Root = Path.GetFullPath(root);
        IncomingDirectory = Path.Combine(Root, ".incoming");
        Directory.CreateDirectory(IncomingDirectory);
    }

    /// <summary>The storage root, <c>&lt;data&gt;/storage</c>.</summary>
    public string Root { get; }

    /// <summary>Where files being received are written.</summary>
    public string IncomingDirectory { get; }

    /// <summary>Creates a new temporary file for an incoming instance, open for writing.</summary>
    public FileStream CreateTemporary()
    {
        var path = Path.Combine(IncomingDirectory, Guid.NewGuid().ToString("N") + PartialExtension);
        // Unbuffered: the caller writes in large pieces already, and a buffer per file would be a
        // large-object allocation for every instance received.
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 0, FileOptions.None);
    }

    /// <summary>The full path of a stored file given its path relative to <see cref="Root"/>.</summary>
    public string FullPath(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>
    /// Moves a complete, flushed temporary file into place for its study and instance. Never overwrites
    /// a stored file: when the name is taken (a stored instance, or another store of the same instance
    /// placing its file at the same moment, in this process or another), the file gets a suffixed name.
    /// Returns the new path relative to <see cref="Root"/>. The move is durable once
    /// <see cref="SyncPlacement"/> returns.
    /// </summary>
    public string Commit(string temporaryPath, string studyInstanceUid, string sopInstanceUid)
    {
        var bucket = Bucket(studyInstanceUid);
        var study = SafeName(studyInstanceUid);
        EnsureDirectory(Path.Combine(Root, bucket, study));
        var name = SafeName(sopInstanceUid);
        var relative = $"{bucket}/{study}/{name}.dcm";
        for (int attempt = 1; !NoReplaceRename.TryMove(temporaryPath, FullPath(relative)); attempt++)
        {
            if (attempt == 16) throw new IOException($"cannot find a free name for {sopInstanceUid} in {Path.GetDirectoryName(FullPath(relative))}");
            relative = $"{bucket}/{study}/{name}.{DateTime.UtcNow.Ticks:x}{Random.Shared.Next(0x10000):x4}.dcm";
        }
        return relative;
    }

    /// <summary>Flushes the directory entry that <see cref="Commit"/> made, so the file's new name survives a power cut.</summary>
    public void SyncPlacement(string relativePath) => DurableFile.SyncDirectory(Path.GetDirectoryName(FullPath(relativePath))!);

    /// <summary>Deletes a stored file (after the index stopped pointing at it). Missing files are ignored.</summary>
    public void Delete(string relativePath)
    {
        var path = FullPath(relativePath);
        if (!File.Exists(path)) return;
        File.Delete(path);
        DurableFile.SyncDirectory(Path.GetDirectoryName(path)!);
    }

    /// <summary>Every stored file, as paths relative to <see cref="Root"/> with '/' separators.</summary>
    public IEnumerable<string> EnumerateFiles()
    {
        foreach (var bucket in Directory.EnumerateDirectories(Root))
        {
            if (Path.GetFileName(bucket) == ".incoming") continue;
            foreach (var file in Directory.EnumerateFiles(bucket, "*", SearchOption.AllDirectories))
                yield return Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/');
        }
    }

    /// <summary>Temporary files in <see cref="IncomingDirectory"/>: left by a receive that a crash interrupted.</summary>
    public IEnumerable<string> EnumerateTemporaryFiles() => Directory.EnumerateFiles(IncomingDirectory);

    /// <summary>
    /// Removes temporary files left by a crash. None of them was ever acknowledged (an instance is
    /// acknowledged only after its file is renamed into place), so nothing is lost. Returns how many.
    /// </summary>
    public int RemoveTemporaryFiles()
    {
        int n = 0;
        foreach (var f in EnumerateTemporaryFiles())
        {
            File.Delete(f);
            n++;
        }
        return n;
    }

    private void EnsureDirectory(string studyDirectory)
    {
        if (Directory.Exists(studyDirectory)) return;
        var bucketDirectory = Path.GetDirectoryName(studyDirectory)!;
        bool newBucket = !Directory.Exists(bucketDirectory);
        Directory.CreateDirectory(studyDirectory);
        // New directory entries must reach the disk too, or a power cut could orphan the file.
        DurableFile.SyncDirectory(bucketDirectory);
        if (newBucket) DurableFile.SyncDirectory(Root);
    }

    /// <summary>Two hex digits from an FNV-1a hash of the UID: a stable spread over 256 directories.</summary>
    internal static string Bucket(string uid)
    {
        uint h = 2166136261;
        foreach (char c in uid) h = (h ^ c) * 16777619;
        return ((h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24)) & 0xFF).ToString("x2");
    }

    /// <summary>
    /// A UID as a file name. Valid UIDs (PS3.5 §9.1: digits and dots, at most 64 characters) are used as
    /// they are; anything else (a device's malformed UID) is replaced by a hash so it cannot escape the
    /// directory or clash with another name.
    /// </summary>
    internal static string SafeName(string uid)
    {
        if (uid.Length is > 0 and <= 64 && uid[0] != '.' && uid.All(c => c is (>= '0' and <= '9') or '.')) return uid;
        ulong h = 14695981039346656037;
        foreach (char c in uid) h = (h ^ c) * 1099511628211;
        return "x" + h.ToString("x16");
    }
}
