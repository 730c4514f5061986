using System.CommandLine;
using System.Diagnostics;
using Osprey.Archive.Storage;
using Osprey.Server.Archive;
using Osprey.Server.Services;
using Osprey.Server.Settings;
using Spectre.Console;

namespace Osprey.Server.Cli;

/// <summary>
/// <c>osprey import PATH...</c>: stores Part 10 files, and every file under the given folders,
/// through the same path as a C-STORE (<see cref="ArchiveStore"/>: durable file, one index
/// transaction, the duplicate policy of the settings), showing progress (files, MB/s, time left) and
/// ending with a summary of what failed and why. Exit code 1 when any file failed.
/// </summary>
public static class ImportCommand
{
    /// <summary>Files imported at once: enough to overlap one file's flush to disk with the next one's reading.</summary>
    private const int Parallelism = 4;

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Part 10 files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var data = new Option<DirectoryInfo>("--data") { Description = "Data directory of the archive.", DefaultValueFactory = _ => new DirectoryInfo("osprey-data") };
        var command = new Command("import", "Import DICOM files and folders into the archive.") { paths, data };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, token) => await RunAsync(parse.GetValue(data)!.FullName, parse.GetValue(paths)!, [.. parse.UnmatchedTokens], Console.Out, Console.Error, token));
        return command;
    }

    public static async Task<int> RunAsync(string dataDirectory, string[] paths, string[] settingArgs, TextWriter stdout, TextWriter stderr, CancellationToken token)
    {
        if (SettingsLoader.LoadValid("import", dataDirectory, settingArgs, stderr) is not { } settings) return 1;

        var files = new List<(string Path, long Size)>();
        foreach (var path in paths)
        {
            if (File.Exists(path)) files.Add((Path.GetFullPath(path), new FileInfo(path).Length));
            else if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(f => (Path.GetFullPath(f), new FileInfo(f).Length)));
            else
            {
                stderr.WriteLine($"osprey import: {path}: no such file or folder");
                return 1;
            }
        }

        var (blobs, index) = ArchiveLocation.Open(dataDirectory, settings.Index);
        await using var _ = index;
        var store = ArchiveLocation.CreateStore(blobs, index, settings.Storage);
        long totalBytes = files.Sum(f => f.Size);
        var failures = new System.Collections.Concurrent.ConcurrentBag<(string Path, string Reason)>();
        int stored = 0, kept = 0;
        var clock = Stopwatch.StartNew();

        async Task ImportAll(Action<long>? progressed)
        {
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = token }, async (file, ct) =>
            {
                StoreResult result;
                try
                {
                    result = await store.ImportAsync(file.Path, ct);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or Dicom.IO.DicomParseException)
                {
                    result = StoreResult.Failure(StoreStatus.CannotUnderstand, e.Message, e.Message);
                }
                if (!result.IsSuccess) failures.Add((file.Path, $"{StorageService.StatusOf(result.Status):X4} {result.Detail ?? result.ErrorComment}"));
                else if (result.Outcome == Osprey.Archive.Index.StoreOutcomeKind.KeptExisting) Interlocked.Increment(ref kept);
                else Interlocked.Increment(ref stored);
                progressed?.Invoke(file.Size);
            });
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        if (console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out))
        {
            await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"importing {files.Count} files", maxValue: Math.Max(1, totalBytes));
                    int done = 0;
                    await ImportAll(bytes =>
                    {
                        task.Increment(bytes);
                        task.Description = $"{Interlocked.Increment(ref done)}/{files.Count} files";
                    });
                });
        }
        else
        {
            await ImportAll(null);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        stdout.WriteLine($"osprey import: {files.Count} files, {totalBytes / 1e6:F1} MB in {seconds:F1} s ({totalBytes / 1e6 / Math.Max(seconds, 1e-3):F1} MB/s): " +
                         $"{stored} stored, {kept} already stored, {failures.Count} failed");
        foreach (var (path, reason) in failures.OrderBy(f => f.Path, StringComparer.Ordinal))
            stdout.WriteLine($"  failed: {path}: {reason}");
        return failures.IsEmpty ? 0 : 1;
    }
}
