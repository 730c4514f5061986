using System.Text.RegularExpressions;
using Osprey.Interop.Tests.Support;
using Osprey.Server.Archive;
using Osprey.Server.Settings;

namespace Osprey.Interop.Tests.Storage;

/// <summary><c>osprey import</c> and <c>osprey verify</c>, run as the real program.</summary>
public sealed class ImportVerifyTests
{
    [Fact]
    public async Task Import_stores_a_folder_and_says_what_failed_and_why_then_verify_finds_no_problem()
    {
        var data = Directory.CreateTempSubdirectory("osprey-import-").FullName;
        try
        {
            var folder = Path.Combine(PydicomFiles.DataDirectory, "test_files");
            var import = OspreyProcess.Run("import", "--data", data, folder);
            // The folder holds files that are not instances (README.txt, JSON, a DICOMDIR): import says so and exits 1.
            Assert.True(import.ExitCode == 1, import.StandardOutput + import.StandardError);
            var summary = Regex.Match(import.StandardOutput, @"osprey import: (\d+) files, [\d.]+ MB in [\d.]+ s \([\d.]+ MB/s\): (\d+) stored, (\d+) already stored, (\d+) failed");
            Assert.True(summary.Success, import.StandardOutput);
            int files = int.Parse(summary.Groups[1].Value), stored = int.Parse(summary.Groups[2].Value), failed = int.Parse(summary.Groups[4].Value);
            Assert.Equal(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count(), files);
            Assert.True(stored >= 40, import.StandardOutput);
            Assert.Contains($"failed: {Path.Combine(folder, "README.txt")}: C000", import.StandardOutput);
            Assert.Equal(failed, Regex.Matches(import.StandardOutput, @"^  failed: .+: [0-9A-F]{4} .+$", RegexOptions.Multiline).Count);

            await using (var index = ArchiveLocation.OpenIndex(data, new IndexSettings()))
            {
                // pydicom ships some instances in several encodings: the last one imported replaced the others.
                var count = await index.CountInstancesAsync();
                Assert.InRange(count, 30, stored);
                var ct = await index.FindInstanceAsync("1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322");
                Assert.NotNull(ct);
            }

            var verify = OspreyProcess.Run("verify", "--data", data);
            Assert.True(verify.ExitCode == 0, verify.StandardOutput);
            Assert.Matches(@"^\d+ instances, 0 problems$", verify.StandardOutput.Trim());

            // A stored file that goes missing, and a stray file, are both problems.
            var storage = ArchiveLocation.StorageDirectory(data);
            var victim = Directory.EnumerateFiles(storage, "*.dcm", SearchOption.AllDirectories).First();
            File.Move(victim, Path.Combine(Path.GetDirectoryName(victim)!, "stray.dcm"));
            verify = OspreyProcess.Run("verify", "--data", data);
            Assert.Equal(1, verify.ExitCode);
            Assert.Contains("has no file", verify.StandardOutput);
            Assert.Contains("stray.dcm: file is not in the index", verify.StandardOutput);
            Assert.Matches(@"\d+ instances, 2 problems", verify.StandardOutput);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
