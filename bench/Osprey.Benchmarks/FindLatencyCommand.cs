using System.Diagnostics;
using System.Globalization;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;
using Osprey.Network.Client;
using Osprey.Network.Dimse;

namespace Osprey.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Osprey.Benchmarks -- find-latency --host 127.0.0.1 --port P
/// --called-ae AE --queries N --manifest FILE [--calling-ae FINDLAT] [--warmup 10] [--kinds LIST]
/// [--label NAME] [--out FILE.tsv]</c>: C-FIND latency of a Study Root Query/Retrieve SCP, one
/// association, STUDY level, for each indexed query kind of the manifest (<see cref="QueryKinds"/>:
/// Patient ID, Accession Number, Study Instance UID, a Study Date range, a Patient Name prefix).
/// <para>
/// Each query asks for one key (a value from the manifest, a different one for every query as far as
/// the manifest's 200 values go, so no cache sees the same question twice in a row) and returns a
/// realistic set of keys: Patient's Name, Patient ID, Study Date, Study Time, Accession Number,
/// Study Description, Modalities in Study, Number of Study Related Instances, Study Instance UID.
/// The kinds take turns (query 1 of each kind, then query 2 of each, …) so a burst of load from
/// elsewhere falls on all of them alike. Each query is timed from just before its C-FIND-RQ is
/// written to the arrival of its final response (every pending response received); identifiers are
/// encoded beforehand. <c>--warmup</c> untimed queries per kind go first (with the manifest's last
/// values), so a .NET server's JIT is not in the figures.
/// </para>
/// <para>
/// Every answer is checked: final status Success (0000) and as many matches as the manifest says the
/// value has. Prints, per kind, the median, p90, p99 and maximum in milliseconds (p99: the nearest-rank
/// 99th percentile), the mean number of matches and the number of wrong answers; <c>--out</c> appends
/// every timed query to a TSV file (label, kind, query, ms, matches, expected, status). Exit status 1
/// when any answer was wrong or failed.
/// </para>
/// </summary>
public static class FindLatencyCommand
{
    private static readonly DicomTag[] ReturnKeys =
    [
        DicomTags.PatientName, DicomTags.PatientID, DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.AccessionNumber,
        DicomTags.StudyDescription, DicomTags.ModalitiesInStudy, DicomTags.NumberOfStudyRelatedInstances, DicomTags.StudyInstanceUID,
    ];

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private sealed record Query(string Kind, string Value, int Expected, byte[] Identifier);

    private sealed record Result(string Kind, int Number, double Milliseconds, int Matches, int Expected, ushort Status);

    private static async Task<int> RunAsync(string[] args)
    {
        string host = "127.0.0.1", calledAe = "OSPREY", callingAe = "FINDLAT", label = "";
        int port = 0, queries = 100, warmup = 10;
        string? manifestPath = null, outPath = null;
        IReadOnlyList<string> kinds = QueryKinds.All;
        for (int i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--host": host = Next(); break;
                case "--port": port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--called-ae": calledAe = Next(); break;
                case "--calling-ae": callingAe = Next(); break;
                case "--queries": queries = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--warmup": warmup = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--manifest": manifestPath = Next(); break;
                case "--kinds": kinds = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--label": label = Next(); break;
                case "--out": outPath = Next(); break;
                default:
                    Console.Error.WriteLine($"find-latency: unknown argument {args[i]}");
                    return Usage();
            }
        }
        if (port <= 0 || queries < 1 || warmup < 0 || manifestPath is null) return Usage();
        if (BenchManifest.Load(manifestPath) is not { } manifest)
        {
            Console.Error.WriteLine($"find-latency: cannot read the manifest {manifestPath}");
            return 2;
        }
        foreach (var kind in kinds)
        {
            if (!manifest.Queries.TryGetValue(kind, out var values) || values.Count == 0)
            {
                Console.Error.WriteLine($"find-latency: the manifest has no values for {kind} (kinds: {string.Join(", ", QueryKinds.All)})");
                return 2;
            }
        }

        const string find = DicomUids.StudyRootQueryRetrieveInformationModelFind;
        var options = new ClientOptions
        {
            Host = host,
            Port = port,
            CallingAeTitle = callingAe,
            CalledAeTitle = calledAe,
            Proposals = [(find, [DicomUids.ExplicitVRLittleEndian, DicomUids.ImplicitVRLittleEndian])],
            ResponseTimeout = TimeSpan.FromSeconds(120),
        };
        await using var association = await ClientAssociation.ConnectAsync(options);
        var context = association.ContextFor(find) ?? throw new InvalidOperationException($"{calledAe} accepted no context for Study Root FIND");
        var syntax = DicomTransferSyntax.FromUid(context.TransferSyntax);

        // Timed queries use values 0, 1, 2, … of each kind; the warm-up uses the last ones.
        Query Make(string kind, int position)
        {
            var values = manifest.Queries[kind];
            var v = values[position % values.Count];
            return new Query(kind, v.Value, v.Expected, Encode(kind, v.Value, syntax));
        }
        var warm = new List<Query>();
        for (int i = 0; i < warmup; i++)
            foreach (var kind in kinds) warm.Add(Make(kind, manifest.Queries[kind].Count - 1 - i % manifest.Queries[kind].Count));
        var timed = new List<(Query Query, int Number)>();
        for (int i = 0; i < queries; i++)
            foreach (var kind in kinds) timed.Add((Make(kind, i), i + 1));

        int wrong = 0;
        foreach (var q in warm)
        {
            var (_, matches, status) = await RunQuery(association, context.Id, q);
            if (status != DimseStatus.Success || matches != q.Expected)
            {
                wrong++;
                Console.Error.WriteLine($"find-latency: warm-up {q.Kind}={q.Value}: status {status:X4}, {matches} matches, expected {q.Expected}");
            }
        }

        var results = new List<Result>(timed.Count);
        foreach (var (q, number) in timed)
        {
            var (ms, matches, status) = await RunQuery(association, context.Id, q);
            results.Add(new Result(q.Kind, number, ms, matches, q.Expected, status));
            if (status != DimseStatus.Success || matches != q.Expected)
            {
                wrong++;
                if (wrong <= 20) Console.Error.WriteLine($"find-latency: {q.Kind}={q.Value}: status {status:X4}, {matches} matches, expected {q.Expected}");
            }
        }
        try
        {
            await association.ReleaseAsync();
        }
        catch (AssociationAbortedException)
        {
            // Every answer is in; a peer that drops the connection at release changes nothing.
        }

        Console.WriteLine($"find-latency {label} {host}:{port} {calledAe}: {queries} queries per kind after {warmup} warm-up, STUDY level, Study Root, " +
                          $"{syntax.Name}; load {GenerateIndexCommand.Load()}");
        Console.WriteLine($"{"kind",-18} {"queries",7} {"median ms",10} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"matches",8} {"wrong",6}");
        foreach (var kind in kinds)
        {
            var mine = results.Where(r => r.Kind == kind).ToList();
            var ms = mine.Select(r => r.Milliseconds).Order().ToList();
            Console.WriteLine($"{kind,-18} {mine.Count,7} {Percentile(ms, 50),10:F2} {Percentile(ms, 90),8:F2} {Percentile(ms, 99),8:F2} {ms[^1],8:F2} " +
                              $"{mine.Average(r => r.Matches),8:F1} {mine.Count(r => r.Status != DimseStatus.Success || r.Matches != r.Expected),6}");
        }
        if (outPath is not null)
        {
            using var tsv = new StreamWriter(outPath, append: true);
            foreach (var r in results)
                tsv.WriteLine(string.Join('\t', label, r.Kind, r.Number.ToString(CultureInfo.InvariantCulture), r.Milliseconds.ToString("F3", CultureInfo.InvariantCulture),
                    r.Matches.ToString(CultureInfo.InvariantCulture), r.Expected.ToString(CultureInfo.InvariantCulture), r.Status.ToString("X4", CultureInfo.InvariantCulture)));
        }
        if (wrong > 0)
        {
            Console.Error.WriteLine($"find-latency: {wrong} answer(s) were wrong or failed");
            return 1;
        }
        return 0;
    }

    /// <summary>One C-FIND: milliseconds from sending the request to its final response, the number of matches, the final status.</summary>
    private static async Task<(double Ms, int Matches, ushort Status)> RunQuery(ClientAssociation association, byte contextId, Query q)
    {
        var request = DimseCommand.CFindRq(association.NextMessageId(), DicomUids.StudyRootQueryRetrieveInformationModelFind);
        var identifier = new MemoryStream(q.Identifier, writable: false);
        long start = Stopwatch.GetTimestamp();
        var responses = await association.SendRequestAsync(contextId, request, identifier);
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        int matches = responses.Count(r => r.Status is DimseStatus.Pending or 0xFF01 && r.DataSet is not null);
        return (ms, matches, responses[^1].Status ?? 0xFFFF);
    }

    /// <summary>The identifier of a STUDY-level query on one key, with the return keys, in the context's transfer syntax.</summary>
    private static byte[] Encode(string kind, string value, DicomTransferSyntax syntax)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTags.QueryRetrieveLevel, "STUDY");
        foreach (var tag in ReturnKeys) ds.AddOrUpdate(tag, "");
        var key = kind switch
        {
            QueryKinds.PatientId => DicomTags.PatientID,
            QueryKinds.AccessionNumber => DicomTags.AccessionNumber,
            QueryKinds.StudyInstanceUid => DicomTags.StudyInstanceUID,
            QueryKinds.StudyDate => DicomTags.StudyDate,
            QueryKinds.PatientName => DicomTags.PatientName,
            _ => throw new ArgumentException($"unknown query kind {kind}"),
        };
        ds.AddOrUpdate(key, value);
        var stream = new MemoryStream();
        DicomDatasetWriter.Write(ds, stream, syntax);
        return stream.ToArray();
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        int rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: find-latency --host 127.0.0.1 --port P --called-ae AE --queries N --manifest FILE " +
                                "[--calling-ae FINDLAT] [--warmup 10] [--kinds PatientID,AccessionNumber,StudyInstanceUID,StudyDate,PatientName] [--label NAME] [--out FILE.tsv]");
        return 2;
    }
}
