using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Osprey.Network.Association;
using Osprey.Network.Client;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;

namespace Osprey.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Osprey.Benchmarks -- echo</c>: Osprey's DICOM acceptor
/// against DCMTK's <c>storescp</c>, side by side in one run on this machine, over loopback.
/// <para>
/// Two measures, each for every acceptor:
/// <list type="number">
/// <item><b>C-ECHO round trips/s on one association</b>: one association is set up, then 5,000
/// C-ECHOs are sent one after another (each waits for its response), timed without the set-up.
/// This is the per-message cost: PDU read, DIMSE assembly, service dispatch, response write, on
/// both sides.</item>
/// <item><b>Associations/s from 4 concurrent clients</b>: each client loops connect → negotiate →
/// one C-ECHO → release, 250 times (1,000 associations in all). This is the per-association
/// cost: TCP accept, A-ASSOCIATE-RQ/AC, one echo, A-RELEASE-RQ/RP, close.</item>
/// </list>
/// </para>
/// <para>
/// Acceptors: Osprey in-process (a <see cref="DicomListener"/> on 127.0.0.1 with only the
/// Verification service; it shares this process, its thread pool and its two cores with the
/// client), Osprey as its own process (<c>osprey serve</c> from
/// <c>src/Osprey.Server/bin/Release/net10.0/osprey.dll</c>, skipped if that is not built), and
/// with <c>BASELINE_DLL</c> set, a second build of <c>osprey serve</c> beside it (an A/B in one
/// run), and <c>storescp -aet STORESCP &lt;port&gt;</c> in its default mode (<c>--single-process</c>: one
/// association at a time, the others wait in the TCP backlog; Debian's build also offers
/// <c>--fork</c>, not used). The same client drives all of them: Osprey's own requestor,
/// <see cref="ClientAssociation"/>, so the client's cost is in every figure alike.
/// </para>
/// <para>
/// Nagle: DCMTK (since 3.6.2) leaves Nagle's algorithm on unless the environment has
/// <c>TCP_NODELAY=1</c>, and storescp writes each response in two parts (the 12 bytes of PDU and
/// PDV headers, then the command), so the second part waits for the client's delayed ACK, about
/// 40 ms, on every echo. Osprey sets TCP_NODELAY on its sockets. The table therefore compares
/// against storescp with <c>TCP_NODELAY=1</c>; a short sample of storescp as shipped (Nagle on)
/// is printed under it.
/// </para>
/// <para>
/// How to read it: every figure is a rate (higher is better), the median of 5 rounds (or
/// <c>ROUNDS</c> from the environment) that alternate between the acceptors in ABBA order (so a
/// burst of load from elsewhere, or a drift, hits them alike), after a warm-up of each. The ratio columns are Osprey ÷ storescp: above 1 Osprey is faster. "Own
/// process" is the like-for-like comparison with storescp (each acceptor in its own process);
/// "in-process" saves a process switch per message but shares the cores with the client. Every
/// echo status is checked (0 = success); failures (non-zero status, rejection, abort, timeout) are
/// counted and printed, and make the exit code 1. Under the table: each round's rate, echo
/// latency percentiles, and the load average before and after: on a shared 2-core machine the
/// absolute numbers move with the load, the ratios less so. The whole mode takes about 35 s.
/// </para>
/// </summary>
public static class EchoBenchmark
{
    private const int EchoesPerRound = 5000;
    private const int Clients = 4;
    private const int AssociationsPerClient = 250;
    /// <summary>Measured rounds of each measure: 5, or <c>ROUNDS</c> from the environment (an A/B wants more).</summary>
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("ROUNDS"), out int rounds) && rounds > 0 ? rounds : 5;

    private static readonly List<Process> Started = [];
    private static readonly List<string> TempDirectories = [];

    public static int Run(string[] args) => RunAsync().GetAwaiter().GetResult();

    private enum Kind { Osprey, Storescp, StorescpNagle }

    private sealed class Acceptor(Kind kind, string name, string calledAe, int port, Func<Task> stop)
    {
        public Kind Kind { get; } = kind;
        public string Name { get; } = name;
        public string CalledAe { get; } = calledAe;
        public int Port { get; } = port;
        public Func<Task> Stop { get; } = stop;
        public int EchoCount { get; init; } = EchoesPerRound;
        public int AssociationsPerClient { get; init; } = EchoBenchmark.AssociationsPerClient;
        public int Rounds { get; init; } = EchoBenchmark.Rounds;
        public List<double> EchoRates { get; } = [];
        public List<double> AssociationRates { get; } = [];
        public List<double> EchoLatenciesMicroseconds { get; } = [];
        public int Echoes, EchoFailures, Associations, AssociationFailures;
        public string? FirstFailure;
        public double? NagleClientRate;

        /// <summary>The acceptor's process when it has one of its own: its CPU time is read around each measured round.</summary>
        public int? ProcessId { get; init; }
        public double EchoCpuMs, AssociationCpuMs;

        /// <summary>The process's CPU time so far (user + system, every thread), in ms; 0 without a process of its own.</summary>
        public double CpuMs()
        {
            if (ProcessId is not { } pid || !OperatingSystem.IsLinux()) return 0;
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // After the command: state is field 3, utime 14 and stime 15 (proc(5)), in clock ticks (100 a second here).
                return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) * 10.0;
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }

    private const int NagleClientEchoes = 100;

    /// <summary>C-ECHOs per second from DCMTK's echoscu with its default (Nagle on), one association.</summary>
    private static double? NagleClientRate(Acceptor a)
    {
        var psi = new ProcessStartInfo("echoscu") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--repeat", NagleClientEchoes.ToString(System.Globalization.CultureInfo.InvariantCulture), "-aec", a.CalledAe, "127.0.0.1", a.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(arg);
        psi.Environment.Remove("TCP_NODELAY");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        if (!process.WaitForExit(120_000)) { process.Kill(); return null; }
        return process.ExitCode == 0 ? NagleClientEchoes / clock.Elapsed.TotalSeconds : null;
    }

    private static async Task<int> RunAsync()
    {
        // Whatever ends this process, the acceptors it started go with it.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => KillStarted());
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => KillStarted());
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => KillStarted());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillStarted();
        var total = Stopwatch.StartNew();
        string loadBefore = LoadAverage();
        Console.WriteLine($"echo benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {StorescpVersion()}, load average {loadBefore}");

        var acceptors = new List<Acceptor>();
        try
        {
            acceptors.Add(StartInProcess());
            if (await StartOspreyProcessAsync() is { } process) acceptors.Add(process);
            // An A/B of two builds in one run: BASELINE_DLL names another build's osprey.dll.
            if (Environment.GetEnvironmentVariable("BASELINE_DLL") is { Length: > 0 } baseline)
                acceptors.Add(await StartOspreyProcessAsync(baseline, "Osprey baseline (own process)"));
            acceptors.Add(await StartStorescpAsync(nagle: false));
            // DCMTK's out-of-the-box setting: every response stalls on a delayed ACK (see above), so
            // only a short sample, once.
            acceptors.Add(await StartStorescpAsync(nagle: true));
            foreach (var a in acceptors) Console.WriteLine($"{a.Name}: 127.0.0.1:{a.Port}, called AE {a.CalledAe}");

            // Each measure is warmed up right before its rounds (not both at the start), so that no
            // acceptor goes idle between its warm-up and its first measured round.
            var warm = acceptors.Where(a => a.Kind != Kind.StorescpNagle).ToList();
            Console.WriteLine($"C-ECHO on one association: warm-up (5,000 echoes each), then {Rounds} rounds...");
            foreach (var a in warm) await EchoRoundAsync(a, 5000, record: false);
            for (int round = 1; round <= Rounds; round++)
                foreach (var a in InRoundOrder(acceptors, round))
                    await EchoRoundAsync(a, a.EchoCount, record: true);
            Console.WriteLine($"associations from {Clients} clients: warm-up ({Clients} × 250 each), then {Rounds} rounds...");
            foreach (var a in warm) await AssociationRoundAsync(a, Clients, 250, record: false);
            for (int round = 1; round <= Rounds; round++)
                foreach (var a in InRoundOrder(acceptors, round))
                    await AssociationRoundAsync(a, Clients, a.AssociationsPerClient, record: true);

            // Many real clients leave Nagle on: DCMTK's echoscu as shipped, against each acceptor.
            Console.WriteLine($"DCMTK echoscu as shipped (Nagle on), {NagleClientEchoes} echoes on one association...");
            foreach (var a in acceptors.Where(a => a.Kind != Kind.Storescp))
                a.NagleClientRate = NagleClientRate(a);
        }
        finally
        {
            foreach (var a in acceptors)
            {
                try
                {
                    await a.Stop();
                }
                catch (Exception e)
                {
                    Console.WriteLine($"stopping {a.Name}: {e.Message}");
                }
            }
            KillStarted();
        }

        Print(acceptors, loadBefore, LoadAverage(), total.Elapsed);
        return acceptors.Any(a => a.EchoFailures + a.AssociationFailures > 0) ? 1 : 0;
    }

    /// <summary>
    /// The acceptors that take part in a round, in ABBA order: the order reverses every other round, so
    /// that a drift of the machine's speed during the run favours none of them.
    /// </summary>
    private static IEnumerable<Acceptor> InRoundOrder(List<Acceptor> acceptors, int round)
    {
        var taking = acceptors.Where(a => round <= a.Rounds).ToList();
        if (round % 2 == 0) taking.Reverse();
        return taking;
    }

    // ---- the two measures ----

    private static ClientOptions Options(Acceptor a) => new() { Host = "127.0.0.1", Port = a.Port, CallingAeTitle = "BENCH", CalledAeTitle = a.CalledAe };

    private static async Task EchoRoundAsync(Acceptor a, int count, bool record)
    {
        var latencies = new double[count];
        int failures = 0;
        bool broken = false;
        long elapsed;
        var association = await ClientAssociation.ConnectAsync(Options(a));
        try
        {
            double cpu0 = a.CpuMs();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                ushort status;
                try
                {
                    status = await association.EchoAsync();
                }
                catch (Exception e)
                {
                    Fail(a, $"{e.GetType().Name}: {e.Message}");
                    failures += count - i;
                    broken = true;
                    break;
                }
                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
                if (status != 0)
                {
                    failures++;
                    Fail(a, $"C-ECHO status 0x{status:X4}");
                }
            }
            elapsed = Stopwatch.GetTimestamp() - start;
            if (record) a.EchoCpuMs += a.CpuMs() - cpu0;
            if (!broken) await association.ReleaseAsync();
        }
        finally
        {
            await association.DisposeAsync();
        }
        if (!record) return;
        double seconds = (double)elapsed / Stopwatch.Frequency;
        a.EchoRates.Add(count / seconds);
        a.EchoLatenciesMicroseconds.AddRange(latencies);
        a.Echoes += count;
        a.EchoFailures += failures;
    }

    private static async Task AssociationRoundAsync(Acceptor a, int clients, int perClient, bool record)
    {
        int failures = 0;
        var options = Options(a);
        double cpu0 = a.CpuMs();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < perClient; i++)
            {
                try
                {
                    await using var association = await ClientAssociation.ConnectAsync(options);
                    ushort status = await association.EchoAsync();
                    await association.ReleaseAsync();
                    if (status != 0)
                    {
                        Interlocked.Increment(ref failures);
                        Fail(a, $"C-ECHO status 0x{status:X4}");
                    }
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failures);
                    Fail(a, $"{e.GetType().Name}: {e.Message}");
                }
            }
        })));
        clock.Stop();
        if (!record) return;
        a.AssociationRates.Add(clients * perClient / clock.Elapsed.TotalSeconds);
        a.AssociationCpuMs += a.CpuMs() - cpu0;
        a.Associations += clients * perClient;
        a.AssociationFailures += failures;
    }

    private static void Fail(Acceptor a, string why)
    {
        lock (a) a.FirstFailure ??= why;
    }

    // ---- the acceptors ----

    private static Acceptor StartInProcess()
    {
        var listener = new DicomListener(new IPEndPoint(IPAddress.Loopback, 0), new ServiceRegistry().Add(new VerificationService()),
            (_, _) => new AcceptorPolicy { CalledAeTitles = ["OSPREY"] }, new UpperLayerOptions(), maxAssociations: 64);
        listener.Start();
        return new Acceptor(Kind.Osprey, "Osprey (in-process)", "OSPREY", listener.Port, async () => await listener.DisposeAsync());
    }

    private static async Task<Acceptor?> StartOspreyProcessAsync()
    {
        string? root = RepositoryRoot();
        string? dll = root == null ? null : Path.Combine(root, "src", "Osprey.Server", "bin", "Release", "net10.0", "osprey.dll");
        if (dll == null || !File.Exists(dll))
        {
            Console.WriteLine("Osprey as its own process: skipped (build it with `dotnet build -c Release src/Osprey.Server`)");
            return null;
        }
        return await StartOspreyProcessAsync(dll, "Osprey (own process)");
    }

    private static async Task<Acceptor> StartOspreyProcessAsync(string dll, string name)
    {
        if (!File.Exists(dll)) throw new FileNotFoundException($"{name}: {dll} not found", dll);
        Console.WriteLine($"{name}: {dll} (built {File.GetLastWriteTime(dll):yyyy-MM-dd HH:mm})");
        int port = FreePort();
        string data = TempDirectory("osprey-echo-bench-");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "serve", "--data", data, "--Dicom:BindAddress=127.0.0.1", $"--Dicom:TcpPort={port}" }) psi.ArgumentList.Add(arg);
        var process = Start(psi);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new List<string>();
        // One log line per association: read and dropped so the pipe never fills.
        process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("listening") == true) listening.TrySetResult(); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (errors) errors.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(20))) != listening.Task)
        {
            string why;
            lock (errors) why = string.Join(" ", errors);
            StopProcess(process);
            throw new InvalidOperationException($"osprey serve did not start: {why}");
        }
        return new Acceptor(Kind.Osprey, name, "OSPREY", port, async () =>
        {
            await TerminateAsync(process);
        })
        { ProcessId = process.Id };
    }

    /// <summary>
    /// <c>storescp -aet STORESCP &lt;port&gt;</c>, single process. DCMTK leaves Nagle's algorithm on
    /// unless the environment says <c>TCP_NODELAY=1</c> (its default since 3.6.2); Osprey turns it
    /// off on every socket, so the comparison sets it, and a short second sample shows the default.
    /// </summary>
    private static async Task<Acceptor> StartStorescpAsync(bool nagle)
    {
        int port = FreePort();
        string dir = TempDirectory("osprey-echo-bench-storescp-");
        var psi = new ProcessStartInfo("storescp") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir };
        foreach (var arg in new[] { "-aet", "STORESCP", port.ToString() }) psi.ArgumentList.Add(arg);
        if (nagle) psi.Environment.Remove("TCP_NODELAY");
        else psi.Environment["TCP_NODELAY"] = "1";
        var process = Start(psi);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        async Task Stop()
        {
            await TerminateAsync(process);
        }
        var acceptor = nagle
            ? new Acceptor(Kind.StorescpNagle, "storescp, DCMTK default (Nagle on)", "STORESCP", port, Stop) { EchoCount = 100, AssociationsPerClient = 25, Rounds = 1 }
            : new Acceptor(Kind.Storescp, "storescp (TCP_NODELAY=1)", "STORESCP", port, Stop) { ProcessId = process.Id };
        // Ready once it answers an echo.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var probe = await ClientAssociation.ConnectAsync(Options(acceptor));
                await probe.EchoAsync();
                await probe.ReleaseAsync();
                return acceptor;
            }
            catch (Exception) when (deadline.Elapsed < TimeSpan.FromSeconds(10) && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    private static Process Start(ProcessStartInfo psi)
    {
        var process = Process.Start(psi)!;
        lock (Started) Started.Add(process);
        return process;
    }

    /// <summary>SIGTERM, then SIGKILL if it is still there after 5 s.</summary>
    private static async Task TerminateAsync(Process process)
    {
        if (!process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString() }, UseShellExecute = false })!;
            await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        StopProcess(process);
    }

    private static void StopProcess(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
        lock (Started) Started.Remove(process);
    }

    private static string TempDirectory(string prefix)
    {
        string path = Directory.CreateTempSubdirectory(prefix).FullName;
        lock (TempDirectories) TempDirectories.Add(path);
        return path;
    }

    /// <summary>Stops the acceptor processes still running and removes their temporary folders.</summary>
    private static void KillStarted()
    {
        Process[] left;
        lock (Started) left = [.. Started];
        foreach (var p in left) StopProcess(p);
        string[] dirs;
        lock (TempDirectories)
        {
            dirs = [.. TempDirectories];
            TempDirectories.Clear();
        }
        foreach (var d in dirs)
        {
            try
            {
                Directory.Delete(d, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Osprey.slnx"))) return dir.FullName;
        return null;
    }

    // ---- the report ----

    private static void Print(List<Acceptor> acceptors, string loadBefore, string loadAfter, TimeSpan elapsed)
    {
        var storescp = acceptors.Single(a => a.Kind == Kind.Storescp);
        // Own process first: like storescp, it has its process to itself.
        var osprey = acceptors.Where(a => a.Kind == Kind.Osprey).OrderBy(a => a.Name == "Osprey (in-process)").ToList();
        Console.WriteLine();
        Console.WriteLine($"| Measure (client: Osprey's requestor, loopback; median of {Rounds} rounds) | {string.Join(" | ", osprey.Select(a => a.Name))} | storescp (single process, TCP_NODELAY=1) | {string.Join(" | ", osprey.Select(a => $"{a.Name} / storescp"))} |");
        Console.WriteLine($"|---|{string.Join("", osprey.Select(_ => "---|"))}---|{string.Join("", osprey.Select(_ => "---|"))}");
        Row($"C-ECHO round trips/s, one association ({EchoesPerRound:N0} echoes)", a => a.EchoRates);
        Row($"associations/s (connect, negotiate, echo, release), {Clients} clients ({Clients} × {AssociationsPerClient})", a => a.AssociationRates);
        if (acceptors.SingleOrDefault(a => a.Kind == Kind.StorescpNagle) is { } nagle)
            Console.WriteLine($"\n{nagle.Name}: {Median(nagle.EchoRates):N0} C-ECHO round trips/s ({nagle.EchoCount} echoes), " +
                $"{Median(nagle.AssociationRates):N0} associations/s ({Clients} × {nagle.AssociationsPerClient}), one round. (Osprey's requestor acknowledges at once (TCP_QUICKACK), so storescp's Nagle costs it little here; a Nagle-on client is the table below.)");
        if (acceptors.SingleOrDefault(a => a.Kind == Kind.StorescpNagle)?.NagleClientRate is { } shippedStorescp)
        {
            Console.WriteLine();
            Console.WriteLine($"| DCMTK echoscu as shipped (Nagle on), {NagleClientEchoes} echoes on one association | {string.Join(" | ", osprey.Select(a => a.Name))} | storescp as shipped | {string.Join(" | ", osprey.Select(a => $"{a.Name} / storescp"))} |");
            Console.WriteLine($"|---|{string.Join("", osprey.Select(_ => "---|"))}---|{string.Join("", osprey.Select(_ => "---|"))}");
            Console.WriteLine($"| C-ECHO round trips/s | {string.Join(" | ", osprey.Select(a => a.NagleClientRate?.ToString("N0") ?? "failed"))} | {shippedStorescp:N0} | " +
                $"{string.Join(" | ", osprey.Select(a => a.NagleClientRate is { } r ? (r / shippedStorescp).ToString("F1") : "-"))} |");
        }
        Console.WriteLine();
        foreach (var a in acceptors)
        {
            var l = a.EchoLatenciesMicroseconds.Order().ToArray();
            Console.WriteLine($"{a.Name}: echo rounds {string.Join(", ", a.EchoRates.Select(r => r.ToString("N0")))}/s; " +
                $"echo latency p50 {Percentile(l, 0.50):F0} µs, p90 {Percentile(l, 0.90):F0} µs, p99 {Percentile(l, 0.99):F0} µs, max {(l.Length > 0 ? l[^1] : 0):F0} µs; " +
                $"association rounds {string.Join(", ", a.AssociationRates.Select(r => r.ToString("N0")))}/s; " +
                (a.ProcessId != null && a.Echoes > 0 && a.Associations > 0
                    ? $"acceptor CPU {a.EchoCpuMs * 1000 / a.Echoes:F0} µs per echo, {a.AssociationCpuMs * 1000 / a.Associations:F0} µs per association; " : "") +
                $"failures: {a.EchoFailures} of {a.Echoes:N0} echoes, {a.AssociationFailures} of {a.Associations:N0} associations" +
                (a.FirstFailure is { } f ? $" (first: {f})" : ""));
        }
        Console.WriteLine($"load average before {loadBefore}, after {loadAfter}; {elapsed.TotalSeconds:F0} s in all");

        void Row(string label, Func<Acceptor, List<double>> rates)
        {
            double s = Median(rates(storescp));
            Console.WriteLine($"| {label} | {string.Join(" | ", osprey.Select(a => Median(rates(a)).ToString("N0")))} | {s:N0} | " +
                $"{string.Join(" | ", osprey.Select(a => (Median(rates(a)) / s).ToString("F2")))} |");
        }
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string StorescpVersion()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("storescp", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            string first = p.StandardOutput.ReadLine() ?? "";
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return first.Trim('$', ' ').Replace("dcmtk: ", "DCMTK ");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "storescp not found";
        }
    }
}
