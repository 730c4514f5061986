using Osprey.Dicom.Data;
using Osprey.Dicom.IO;

namespace Osprey.Dicom.Tests.IO;

/// <summary>
/// The DICOM files that Debian's python3-pydicom ships (installed by ./test.sh): real files from
/// many writers, in every native transfer syntax. A missing package is a failure, never a skip.
/// </summary>
internal static class PydicomTestFiles
{
    public const string DataDirectory = "/usr/lib/python3/dist-packages/pydicom/data";

    /// <summary>Every *.dcm under test_files/ and charset_files/, as paths relative to <see cref="DataDirectory"/>.</summary>
    public static IReadOnlyList<string> All()
    {
        if (!Directory.Exists(Path.Combine(DataDirectory, "test_files")))
            throw new InvalidOperationException($"pydicom's test files are not at {DataDirectory}: install python3-pydicom (./test.sh does, as root)");
        return [.. new[] { "test_files", "charset_files" }
            .SelectMany(sub => Directory.EnumerateFiles(Path.Combine(DataDirectory, sub), "*.dcm", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(DataDirectory, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The files whose data set is in a native (uncompressed) syntax and complete: those a sender
    /// may have to transcode. Truncated files and encapsulated pixel data are left out.
    /// </summary>
    public static IReadOnlyList<string> Native() => [.. All().Where(name =>
    {
        var path = FullPath(name);
        var location = DicomDatasetLocation.Read(path);
        if (!DicomTransferSyntax.Uncompressed.Contains(location.TransferSyntax)) return false;
        var file = DicomFile.Read(File.ReadAllBytes(path));
        return !file.IsTruncated && !file.Dataset.Any(e => e is DicomFragments);
    })];

    public static string FullPath(string name) => Path.Combine(DataDirectory, name);
}
