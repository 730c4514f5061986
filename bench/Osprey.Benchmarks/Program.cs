using BenchmarkDotNet.Running;

namespace Osprey.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Osprey.Benchmarks -- [BenchmarkDotNet args]</c> runs the
/// BenchmarkDotNet suites; <c>-- large [PATH]</c> runs the 1 GB file memory benchmark; <c>-- echo</c>
/// runs the network benchmark (C-ECHO and associations/s, Osprey against DCMTK's storescp);
/// <c>-- generate DIR COUNT BYTES</c> writes synthetic CT files for <c>bench/compare/store.sh</c> (and,
/// with <c>--archive</c>, varied studies for <c>find.sh</c>); <c>-- generate-index DATA_DIR</c> fills an
/// Osprey index with a synthetic archive of 1,000,000 instances; <c>-- find-latency …</c> measures
/// C-FIND latency per query kind (<c>bench/compare/find.sh</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "large") return LargeFileBenchmark.Run(args);
        if (args.Length > 0 && args[0] == "echo") return EchoBenchmark.Run(args);
        if (args.Length > 0 && args[0] == "generate") return GenerateCommand.Run(args);
        if (args.Length > 0 && args[0] == "generate-index") return GenerateIndexCommand.Run(args);
        if (args.Length > 0 && args[0] == "find-latency") return FindLatencyCommand.Run(args);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
