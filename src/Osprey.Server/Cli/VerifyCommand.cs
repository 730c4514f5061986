using System.CommandLine;
using Osprey.Archive.Index;
using Osprey.Archive.Storage;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;
using Osprey.Server.Archive;
using Osprey.Server.Settings;

namespace Osprey.Server.Cli;

/// <summary>
/// <c>osprey verify --data DIR</c>: checks that the index and the files agree both ways — every
/// indexed instance has a readable Part 10 file of the indexed size holding the same UIDs, every file
/// is indexed, and no temporary file is left from an interrupted receive — printing one line per
/// problem and then <c>N instances, M problems</c>. Exit code 1 when M &gt; 0. The index is the one
/// the settings name (<c>Index:Provider</c>).
/// </summary>
public static class VerifyCommand
{
    private static readonly DicomReaderOptions HeaderOnly = new() { StopBeforeTag = DicomTags.PixelData };

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data directory of the archive.", DefaultValueFactory = _ => new DirectoryInfo("osprey-data") };
        var command = new Command("verify", "Check that the archive's index and files agree. Settings can be overridden with --Section:Key=value.") { data };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, token) => await RunAsync(parse.GetValue(data)!.FullName, [.. parse.UnmatchedTokens], Console.Out, Console.Error, token));
        return command;
    }

    public static async Task<int> RunAsync(string dataDirectory, string[] settingArgs, TextWriter stdout, TextWriter stderr, CancellationToken token)
    {
        // The settings say which index to check; a check creates nothing, not even settings.json.
        if (SettingsLoader.LoadValid("verify", dataDirectory, settingArgs, stderr, writeDefaults: false) is not { } settings) return 1;
        var provider = ArchiveIndexProviders.For(settings.Index);
        if (!provider.Exists(dataDirectory))
        {
            stdout.WriteLine($"osprey verify: no archive index at {provider.Location(dataDirectory)}");
            stdout.WriteLine("0 instances, 1 problems");
            return 1;
        }
        var (blobs, index) = ArchiveLocation.Open(dataDirectory, settings.Index);
        await using var _ = index;
        long instances = 0, problems = 0;
        void Problem(string line)
        {
            problems++;
            stdout.WriteLine(line);
        }

        var indexedFiles = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var instance in index.InstancesAsync(token))
        {
            instances++;
            indexedFiles.Add(instance.File);
            if (Check(blobs, instance) is { } problem) Problem($"{instance.File}: {problem}");
        }
        foreach (var file in blobs.EnumerateFiles())
        {
            if (!indexedFiles.Contains(file)) Problem($"{file}: file is not in the index");
        }
        foreach (var temporary in blobs.EnumerateTemporaryFiles())
            Problem($"{Path.GetRelativePath(blobs.Root, temporary)}: temporary file left by an interrupted receive (removed when the server starts)");

        stdout.WriteLine($"{instances} instances, {problems} problems");
        return problems == 0 ? 0 : 1;
    }

    /// <summary>What is wrong with an indexed instance's file, or null.</summary>
    private static string? Check(BlobStore blobs, IndexedInstance instance)
    {
        var path = blobs.FullPath(instance.File);
        if (!File.Exists(path)) return $"indexed instance {instance.SopInstanceUid} has no file";
        long size = new FileInfo(path).Length;
        if (size != instance.Size) return $"file is {size} bytes, the index says {instance.Size}";
        DicomFile file;
        try
        {
            file = DicomFile.Open(path, HeaderOnly);
        }
        catch (Exception e) when (e is DicomParseException or IOException or UnauthorizedAccessException)
        {
            return $"file cannot be read: {e.Message}";
        }
        if (file.IsTruncated) return "file is cut short";
        var ds = file.Dataset;
        foreach (var (tag, name, expected) in new[]
                 {
                     (DicomTags.SOPInstanceUID, "SOP Instance UID", instance.SopInstanceUid),
                     (DicomTags.SOPClassUID, "SOP Class UID", instance.SopClassUid),
                     (DicomTags.StudyInstanceUID, "Study Instance UID", instance.StudyInstanceUid),
                     (DicomTags.SeriesInstanceUID, "Series Instance UID", instance.SeriesInstanceUid),
                 })
        {
            var actual = ds.GetString(tag)?.TrimEnd('\0', ' ') ?? "";
            if (actual != expected) return $"{name} in the file is \"{actual}\", the index says \"{expected}\"";
        }
        var syntax = file.FileMetaInformation.GetString(DicomTags.TransferSyntaxUID)?.TrimEnd('\0', ' ') ?? "";
        if (syntax != instance.TransferSyntaxUid) return $"transfer syntax in the file is {syntax}, the index says {instance.TransferSyntaxUid}";
        return null;
    }
}
