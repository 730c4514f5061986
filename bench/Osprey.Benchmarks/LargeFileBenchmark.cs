using System.Diagnostics;
using Osprey.Dicom.Data;

namespace Osprey.Benchmarks;

/// <summary>
/// Parses a 1 GB multi-frame file from disk in a fresh process and reports the process's peak
/// working set: bulk values stay on disk, so memory does not grow with the file.
/// </summary>
public static class LargeFileBenchmark
{
    public static int Run(string[] args)
    {
        string path = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "osprey-bench-1gb.dcm");
        if (args.Length > 2 && args[2] == "--child") return Child(path);

        if (!File.Exists(path) || new FileInfo(path).Length < 1_000_000_000)
        {
            Console.WriteLine($"writing {path} (1 GB multi-frame CT, 2,000 frames of 512x512x16 bits)...");
            SyntheticCt.Create(0, frames: 2000).Save(path);
        }
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(typeof(LargeFileBenchmark).Assembly.Location);
        psi.ArgumentList.Add("large");
        psi.ArgumentList.Add(path);
        psi.ArgumentList.Add("--child");
        using var child = Process.Start(psi)!;
        Console.Write(child.StandardOutput.ReadToEnd());
        child.WaitForExit();
        return child.ExitCode;
    }

    private static int Child(string path)
    {
        var sw = Stopwatch.StartNew();
        var file = DicomFile.Open(path);
        sw.Stop();
        using var me = Process.GetCurrentProcess();
        me.Refresh();
        var pixelData = file.Dataset[new DicomTag(0x7FE0, 0x0010)]!;
        Console.WriteLine($"| 1 GB multi-frame file ({new FileInfo(path).Length / 1e9:F2} GB, {file.Dataset.Count} elements, pixel data {pixelData.Length / 1e6:F0} MB on disk) | parse {sw.Elapsed.TotalMilliseconds:F1} ms | peak working set {me.PeakWorkingSet64 / 1e6:F1} MB |");
        return 0;
    }
}
