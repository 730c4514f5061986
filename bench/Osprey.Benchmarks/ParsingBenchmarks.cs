using BenchmarkDotNet.Attributes;
using Osprey.Dicom.Data;

namespace Osprey.Benchmarks;

/// <summary>
/// Parsing a 0.5 MB CT instance from memory (values are slices of the buffer: the pixel data is not
/// copied), and 1,000 different such instances one after another.
/// </summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private byte[] _one = [];
    private byte[][] _thousand = [];

    [GlobalSetup]
    public void Setup()
    {
        _one = SyntheticCt.CreateBytes(0);
        _thousand = Enumerable.Range(0, 1000).Select(SyntheticCt.CreateBytes).ToArray();
    }

    [Benchmark(Description = "one CT instance (0.5 MB), header parsed, pixels not copied")]
    public int OneCtHeader() => DicomFile.Read(_one).Dataset.Count;

    [Benchmark(Description = "1,000 CT instances", OperationsPerInvoke = 1)]
    public int ThousandCtHeaders()
    {
        int n = 0;
        foreach (var bytes in _thousand) n += DicomFile.Read(bytes).Dataset.Count;
        return n;
    }
}
