using System.Diagnostics;
using System.Globalization;
using Osprey.Archive.Index;
using Osprey.Archive.Sqlite;
using Osprey.Dicom.Dictionary;

namespace Osprey.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Osprey.Benchmarks -- generate-index DATA_DIR [--studies 100000]
/// [--instances-per-study 10] [--patients N] [--seed 1] [--in-flight 4096] [--producers CORES] [--force]</c> fills
/// <c>DATA_DIR/index/osprey.db</c> (the index of an Osprey data directory) with a
/// <see cref="SyntheticArchive"/>: by default 100,000 studies, 1,000,000 instances, 30,000 patients,
/// through <see cref="IArchiveIndex.StoreAsync"/> as the Storage SCP does, without files (each
/// instance's file name is made up; <c>osprey serve</c> answers C-FIND from the index alone).
/// <para>
/// Each instance's header is a <see cref="SyntheticCt"/> header (about 60 elements, a sequence, a
/// private block) with the archive's attributes. <c>--producers</c> tasks (one per core) make the
/// headers (the index extracts a header's attributes on the caller's thread: the larger part of a
/// store's CPU time, measured here) and keep up to <c>--in-flight</c> stores queued in all, so the
/// index's single writer commits them in groups (one transaction and one WAL sync per group), as it
/// does for many concurrent associations. Prints progress every 5 s and the rate at the end.
/// </para>
/// <para>
/// Then it writes <c>DATA_DIR/bench-manifest.json</c> (<see cref="BenchManifest"/>: the parameters
/// and the query values for <c>find-latency</c>, with the number of studies each matches). A run
/// whose manifest matches the parameters and whose index holds the instances reuses the archive and
/// only prints that; otherwise (or with <c>--force</c>) <c>DATA_DIR/index</c> is deleted and made again.
/// </para>
/// </summary>
public static class GenerateIndexCommand
{
    /// <summary>The UID root of generated indexes: fixed, so a cached archive and its manifest stay valid.</summary>
    private const string UidRoot = "2.25.180923571239046715390826514173028145219";

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        string? dataDir = null;
        int studies = 100_000, perStudy = 10, inFlight = 4096, producers = Environment.ProcessorCount;
        int? patients = null;
        ulong seed = 1;
        bool force = false;
        for (int i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--studies": studies = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--instances-per-study": perStudy = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--patients": patients = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--in-flight": inFlight = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--producers": producers = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--force": force = true; break;
                default:
                    if (dataDir is null && !args[i].StartsWith("--", StringComparison.Ordinal)) dataDir = args[i];
                    else return Usage($"unknown argument {args[i]}");
                    break;
            }
        }
        if (dataDir is null || studies < 1 || perStudy < 1 || inFlight < 1 || producers < 1 || patients is < 1) return Usage(null);

        var archive = new SyntheticArchive(studies, perStudy, patients ?? SyntheticArchive.DefaultPatients(studies), UidRoot, seed);
        var manifestPath = Path.Combine(dataDir, "bench-manifest.json");
        var indexPath = SqliteArchiveIndex.PathIn(dataDir);
        var manifest = archive.Manifest();

        if (!force && BenchManifest.Load(manifestPath) is { Completed: not null } cached && Same(cached, manifest) && File.Exists(indexPath))
        {
            await using var existing = SqliteArchiveIndex.Open(indexPath);
            long count = await existing.CountInstancesAsync();
            if (count == archive.Instances)
            {
                Console.WriteLine($"generate-index: reusing {indexPath}: {count:N0} instances, {studies:N0} studies, {archive.Patients:N0} patients " +
                                  $"(made {cached.Completed}; manifest {manifestPath})");
                return 0;
            }
            Console.WriteLine($"generate-index: {indexPath} holds {count:N0} instances, not {archive.Instances:N0}: making it again");
        }

        // Start from nothing: no stale index, and no manifest until the index is complete.
        Directory.CreateDirectory(dataDir);
        File.Delete(manifestPath);
        var indexDir = Path.GetDirectoryName(indexPath)!;
        if (Directory.Exists(indexDir)) Directory.Delete(indexDir, recursive: true);

        Console.WriteLine($"generate-index: {archive.Instances:N0} instances ({studies:N0} studies x {perStudy}, {archive.Patients:N0} patients) into {indexPath}, " +
                          $"{producers} producers, up to {inFlight} stores in flight");
        var clock = Stopwatch.StartNew();
        long stored = 0, studiesDone = 0;
        var receivedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var index = SqliteArchiveIndex.Open(indexPath))
        {
            // Each producer makes the headers of every producers-th study (the index extracts a
            // header's attributes on the caller's thread, the costlier half of a store) and keeps up to
            // its share of in-flight stores queued for the writer.
            async Task Produce(int first)
            {
                await Task.Yield();
                var queue = new Queue<ValueTask<StoreOutcome>>();
                int window = Math.Max(1, inFlight / producers);
                async Task Complete()
                {
                    var outcome = await queue.Dequeue();
                    if (outcome.Kind != StoreOutcomeKind.Added) throw new InvalidOperationException($"a generated instance was not added but {outcome.Kind}");
                    Interlocked.Increment(ref stored);
                }
                for (int n = first; n < studies; n += producers)
                {
                    var study = archive.StudyOf(n);
                    foreach (var series in study.Series)
                    {
                        for (int k = 0; k < series.Instances; k++)
                        {
                            var header = SyntheticCt.Create(k, 1, 1).Dataset;
                            header.Remove(DicomTags.PixelData);
                            SyntheticArchive.Apply(header, study, series, k);
                            var file = $"bench/{n / 1000:D3}/{n % 1000:D3}/{series.Number}/{k + 1}.dcm";
                            var record = new InstanceRecord(header, file, 526_000, DicomUids.ExplicitVRLittleEndian, "GENERATOR", receivedAt.AddSeconds(n));
                            queue.Enqueue(index.StoreAsync(record, DuplicatePolicy.Replace));
                            if (queue.Count >= window) await Complete();
                        }
                    }
                    Interlocked.Increment(ref studiesDone);
                }
                while (queue.Count > 0) await Complete();
            }

            var work = Task.WhenAll(Enumerable.Range(0, producers).Select(Produce));
            long lastReport = 0;
            double lastSeconds = 0;
            while (await Task.WhenAny(work, Task.Delay(5000)) != work)
            {
                double seconds = clock.Elapsed.TotalSeconds;
                long now = Interlocked.Read(ref stored);
                Console.WriteLine($"  {now:N0} instances ({Interlocked.Read(ref studiesDone):N0} studies) in {seconds:F0} s: {(now - lastReport) / (seconds - lastSeconds):N0}/s now, " +
                                  $"{now / seconds:N0}/s overall (load {Load()})");
                lastReport = now;
                lastSeconds = seconds;
            }
            await work;
        }
        clock.Stop();
        long bytes = Directory.EnumerateFiles(indexDir).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"generate-index: {stored:N0} instances in {clock.Elapsed.TotalSeconds:F1} s ({stored / clock.Elapsed.TotalSeconds:N0}/s); " +
                          $"index {bytes / 1e6:F0} MB (load {Load()})");

        manifest.Completed = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        manifest.GenerationSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1);
        manifest.Save(manifestPath);
        Console.WriteLine($"generate-index: manifest {manifestPath}");
        return 0;
    }

    private static bool Same(BenchManifest a, BenchManifest b)
        => a.Model == b.Model && a.Studies == b.Studies && a.InstancesPerStudy == b.InstancesPerStudy && a.Patients == b.Patients
           && a.Seed == b.Seed && a.UidRoot == b.UidRoot;

    internal static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static int Usage(string? problem)
    {
        if (problem is not null) Console.Error.WriteLine($"generate-index: {problem}");
        Console.Error.WriteLine("usage: generate-index DATA_DIR [--studies 100000] [--instances-per-study 10] [--patients N] [--seed 1] [--in-flight 4096] [--producers CORES] [--force]");
        return 2;
    }
}
