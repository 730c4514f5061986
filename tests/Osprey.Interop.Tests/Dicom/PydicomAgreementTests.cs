using System.Text.Json.Nodes;
using Osprey.Interop.Tests.Support;
using Osprey.Server.Cli;

namespace Osprey.Interop.Tests.Dicom;

/// <summary>
/// <c>osprey dump FILE --format json</c> reads every file pydicom ships the way pydicom reads it:
/// the same elements, VRs and values (text decoded with its character set, person names in all
/// three component groups, numbers, sequences item by item). pydicom's side is computed now, by
/// the installed python3-pydicom.
/// </summary>
public class PydicomAgreementTests
{
    public static TheoryData<string> Files() => new(PydicomFiles.TestFiles().Select(PydicomFiles.RelativeName));

    /// <summary>Files pydicom cannot convert to JSON, with the element that stops it and its value.</summary>
    private static readonly Dictionary<string, (string Tag, string Value)> PydicomCannotRead = new()
    {
        // Number of Frames (IS) holds "1A", which is not an integer string.
        ["test_files/badVR.dcm"] = ("00280008", "1A"),
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Dump_json_agrees_with_pydicom(string name)
    {
        var path = Path.Combine(PydicomFiles.DataDirectory, name);
        var expected = PydicomFiles.AllTestFileResults[path];

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = DumpCommand.Run([new FileInfo(path)], "json", includeMeta: false, stdout, stderr);
        Assert.True(exit == 0, $"osprey dump failed on {name}: {stderr}");
        var actual = JsonNode.Parse(stdout.ToString())!.AsObject();

        if (PydicomFiles.ErrorOf(expected) is { } error)
        {
            // pydicom gives up on the file; Osprey must read it and keep the bad value as it is.
            Assert.True(PydicomCannotRead.TryGetValue(name, out var bad), $"pydicom failed unexpectedly on {name}: {error}");
            Assert.Equal(bad.Value, (string?)actual[bad.Tag]!["Value"]![0]);
            return;
        }

        // Spaces that PS3.5 Table 6.2-1 calls insignificant are not compared: pydicom keeps some of
        // them (it strips padding from a whole CS value but not from each of its values).
        var differences = DicomJsonComparer.Compare(expected, actual, DicomJsonCompareOptions.Default with { IgnoreInsignificantSpaces = true });
        Assert.True(differences.Count == 0, $"{name}: {differences.Count} differences\n" + string.Join("\n", differences.Take(30)));
    }
}
