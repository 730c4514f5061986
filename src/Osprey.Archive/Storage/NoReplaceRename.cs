using System.Runtime.InteropServices;

namespace Osprey.Archive.Storage;

/// <summary>
/// Moves a file to a new name only if no file has that name, in one atomic step, so that of two
/// stores placing a file under one name at once exactly one gets it. .NET's
/// <c>File.Move(…, overwrite: false)</c> looks first and then renames, and a rename replaces what
/// appeared in between.
/// </summary>
internal static partial class NoReplaceRename
{
    private const int AtFdCwd = -100;
    private const uint RenameNoReplace = 1;
    private const int EExist = 17, EInval = 22, ENoSys = 38;

    /// <summary>Moves <paramref name="source"/> to <paramref name="destination"/>; false, and nothing moved, when the destination exists.</summary>
    public static bool TryMove(string source, string destination)
    {
        if (!OperatingSystem.IsLinux())
        {
            if (File.Exists(destination)) return false;
            File.Move(source, destination, overwrite: false);
            return true;
        }
        if (Renameat2(AtFdCwd, source, AtFdCwd, destination, RenameNoReplace) == 0) return true;
        int errno = Marshal.GetLastPInvokeError();
        if (errno is EInval or ENoSys)
        {
            // A file system without RENAME_NOREPLACE: a hard link is refused just as atomically when the name is taken.
            if (Link(source, destination) == 0)
            {
                File.Delete(source);
                return true;
            }
            errno = Marshal.GetLastPInvokeError();
        }
        if (errno == EExist) return false;
        throw new IOException($"cannot move {source} to {destination} (errno {errno})", errno);
    }

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Renameat2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
