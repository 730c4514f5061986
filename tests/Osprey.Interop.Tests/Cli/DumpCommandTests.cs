using System.Text.Json.Nodes;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Cli;

/// <summary><c>osprey dump</c> run as a process, the way an administrator runs it.</summary>
public class DumpCommandTests
{
    private static string TestFile(string name) => Path.Combine(PydicomFiles.DataDirectory, "test_files", name);

    [Fact]
    public void Dumps_a_file_as_dicom_json_by_default()
    {
        var result = OspreyProcess.Run("dump", TestFile("CT_small.dcm"));
        Assert.Equal(0, result.ExitCode);
        var json = JsonNode.Parse(result.StandardOutput)!.AsObject();
        Assert.Equal("CompressedSamples^CT1", (string?)json["00100010"]!["Value"]![0]!["Alphabetic"]);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public void Dumps_several_files_as_a_json_array()
    {
        var result = OspreyProcess.Run("dump", TestFile("CT_small.dcm"), TestFile("MR_small.dcm"));
        Assert.Equal(0, result.ExitCode);
        var array = JsonNode.Parse(result.StandardOutput)!.AsArray();
        Assert.Equal(2, array.Count);
        Assert.Equal("MR", (string?)array[1]!["00080060"]!["Value"]![0]);
    }

    [Fact]
    public void Dumps_text_like_dcmdump()
    {
        var result = OspreyProcess.Run("dump", "--format", "text", TestFile("CT_small.dcm"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("# Used TransferSyntax: Explicit VR Little Endian", result.StandardOutput);
        var line = result.StandardOutput.Split('\n').Single(l => l.StartsWith("(0010,0010)"));
        Assert.Matches(@"^\(0010,0010\) PN \[CompressedSamples\^CT1\]\s+#\s+22, 1 PatientName", line);
    }

    [Fact]
    public void A_file_it_cannot_read_gets_one_line_with_the_file_offset_and_reason_and_a_nonzero_exit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"osprey-broken-{Guid.NewGuid():N}.dcm");
        try
        {
            // A sequence of undefined length holding a data element where an item must be.
            byte[] broken = [0x08, 0x00, 0x40, 0x11, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF,
                             0x08, 0x00, 0x60, 0x00, (byte)'C', (byte)'S', 2, 0, (byte)'C', (byte)'T'];
            File.WriteAllBytes(path, broken);
            var result = OspreyProcess.Run("dump", path, TestFile("CT_small.dcm"));
            Assert.Equal(1, result.ExitCode);
            var lines = result.StandardError.TrimEnd('\n').Split('\n');
            var line = Assert.Single(lines);
            Assert.Contains(path, line);
            Assert.Contains("at byte 12", line);
            Assert.Contains("(0008,0060)", line);
            Assert.DoesNotContain("Exception", result.StandardError);
            // The readable file is still printed.
            Assert.Equal("CompressedSamples^CT1", (string?)JsonNode.Parse(result.StandardOutput)!.AsArray()[0]!["00100010"]!["Value"]![0]!["Alphabetic"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_file_gets_one_clear_line()
    {
        var result = OspreyProcess.Run("dump", "/nonexistent/file.dcm");
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StandardError.TrimEnd('\n').Split('\n'));
        Assert.Contains("/nonexistent/file.dcm", line);
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    [Fact]
    public void A_truncated_file_is_dumped_with_a_warning()
    {
        var result = OspreyProcess.Run("dump", TestFile("rtplan_truncated.dcm"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning", result.StandardError);
        Assert.Contains("(300A,012C)", result.StandardError);
        Assert.NotNull(JsonNode.Parse(result.StandardOutput));
    }

    [Fact]
    public void Every_command_has_help()
    {
        foreach (var command in new[] { "dump", "serve", "echo" })
        {
            var result = OspreyProcess.Run(command, "--help");
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Usage:", result.StandardOutput);
        }
    }
}
