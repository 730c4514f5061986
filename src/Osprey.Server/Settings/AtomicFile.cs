using System.Text;

namespace Osprey.Server.Settings;

/// <summary>
/// Writes a file so that readers see either the old or the new content, never a part: the text goes to
/// a temporary file in the same directory, is flushed to disk, and is renamed over the target.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Replaces (or, with <paramref name="overwrite"/> false, creates) <paramref name="path"/> with
    /// <paramref name="text"/> in UTF-8. Returns false when <paramref name="overwrite"/> is false and
    /// the file already exists. The file is readable and writable by its owner only (it may hold a password).
    /// </summary>
    public static bool Write(string path, string text, bool overwrite)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
                stream.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temp, path, overwrite);
            }
            catch (IOException) when (!overwrite && File.Exists(path))
            {
                return false;
            }
            return true;
        }
        finally
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: the temporary file is left behind only if the directory misbehaves.
            }
        }
    }
}
