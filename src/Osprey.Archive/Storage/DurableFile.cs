using System.Runtime.InteropServices;

namespace Osprey.Archive.Storage;

/// <summary>
/// Makes file system changes survive a power cut: the file's bytes (fsync) and a directory's entries
/// (fsync of the directory, which is what makes a rename durable on POSIX file systems).
/// </summary>
public static partial class DurableFile
{
    /// <summary>
    /// Flushes a file's data, and the metadata needed to read it back (its size), to the device
    /// (fdatasync). Unlike fsync it does not write the modification time, which on ext4 would force a
    /// journal commit even when a file is only overwritten in place (as a SQLite WAL is).
    /// </summary>
    public static void SyncData(Microsoft.Win32.SafeHandles.SafeFileHandle file, string path)
    {
        bool added = false;
        file.DangerousAddRef(ref added);
        try
        {
            int fd = (int)file.DangerousGetHandle();
            int rc = OperatingSystem.IsLinux() ? Fdatasync(fd) : Fsync(fd);
            if (rc != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"cannot flush {path} to disk (errno {errno})", errno);
            }
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux

    /// <summary>Flushes a directory's entries to the device (after a create, rename or delete in it).</summary>
    public static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = Open(path, ReadOnly | Directory);
        if (fd < 0) throw new IOException($"cannot open directory {path} to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"cannot flush directory {path} (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    /// <summary>
    /// Starts writing a range of a file to the device without waiting (Linux sync_file_range with
    /// SYNC_FILE_RANGE_WRITE), so the final flush of a large file finds most of it written already.
    /// A hint only: errors are left for the flush to report.
    /// </summary>
    public static void StartWriteback(Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long count)
    {
        if (!OperatingSystem.IsLinux()) return;
        bool added = false;
        file.DangerousAddRef(ref added);
        try
        {
            _ = SyncFileRange((int)file.DangerousGetHandle(), offset, count, 2 /* SYNC_FILE_RANGE_WRITE */);
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    [LibraryImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static partial int SyncFileRange(int fd, long offset, long count, uint flags);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int Fdatasync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
