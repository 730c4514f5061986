using Osprey.Dicom.Data;
using Osprey.Dicom.IO;

namespace Osprey.Dicom.Tests.IO;

/// <summary>
/// Real files (those pydicom ships in a native syntax: implicit, explicit and big endian, deflated,
/// nested and private sequences, 1-, 8-, 16- and 32-bit pixels, waveforms) go through every pair of
/// native syntaxes and come back value for value, as Osprey's own reader sees them.
/// </summary>
public class DicomTranscoderFileTests
{
    public static TheoryData<string> Files() => new(PydicomTestFiles.Native());

    [Fact]
    public void The_files_cover_every_native_syntax()
    {
        var syntaxes = PydicomTestFiles.Native().Select(n => DicomDatasetLocation.Read(PydicomTestFiles.FullPath(n)).TransferSyntax).Distinct().ToList();
        foreach (var syntax in DicomTransferSyntax.Uncompressed) Assert.Contains(syntax, syntaxes);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Every_pair_of_native_syntaxes_round_trips_value_for_value(string name)
    {
        var path = PydicomTestFiles.FullPath(name);
        var fileBytes = File.ReadAllBytes(path);
        var original = DicomFile.Read(fileBytes);
        var location = DicomDatasetLocation.Read(path);
        Assert.Equal(original.DatasetOffset, location.Offset);
        Assert.Equal(fileBytes.Length - location.Offset, location.Length);
        var source = fileBytes[(int)location.Offset..];
        var a = location.TransferSyntax;
        var differences = new List<string>();

        foreach (var x in DicomTransferSyntax.Uncompressed)
        {
            var inX = await Transcode(source, a, x);
            if (x == a) Assert.Equal(source, inX); // the same syntax is a plain copy
            var datasetX = DicomDatasetDecoder.Decode(inX, x);
            bool lostToX = !a.IsExplicitVR || !x.IsExplicitVR;
            Report(differences, $"{a.Name} -> {x.Name}", DatasetComparison.Compare(original.Dataset, datasetX, lostToX));
            if (Reencodes(a, x))
                Assert.True(DatasetComparison.HasTranscodedForm(datasetX), $"{name} in {x.Name}: a group length, or a sequence or item of defined length");

            foreach (var y in DicomTransferSyntax.Uncompressed)
            {
                var inY = await Transcode(inX, x, y);
                var datasetY = DicomDatasetDecoder.Decode(inY, y);
                if (Reencodes(x, y))
                    Assert.True(DatasetComparison.HasTranscodedForm(datasetY), $"{name} via {x.Name} in {y.Name}: a group length, or a sequence or item of defined length");
                bool lostToY = lostToX || !y.IsExplicitVR;
                Report(differences, $"{a.Name} -> {x.Name} -> {y.Name}", DatasetComparison.Compare(original.Dataset, datasetY, lostToY));
                var back = DicomDatasetDecoder.Decode(await Transcode(inY, y, x), x);
                Report(differences, $"{x.Name} -> {y.Name} -> {x.Name}", DatasetComparison.Compare(datasetX, back, !x.IsExplicitVR || !y.IsExplicitVR));
            }
        }
        Assert.True(differences.Count == 0, $"{name}:\n" + string.Join("\n", differences.Take(30)));
    }

    /// <summary>
    /// The element-by-element path, as opposed to a copy: the syntaxes differ in VR or byte order
    /// (deflating or inflating alone leaves the encoded bytes as they are).
    /// </summary>
    private static bool Reencodes(DicomTransferSyntax from, DicomTransferSyntax to)
        => from.IsExplicitVR != to.IsExplicitVR || from.IsBigEndian != to.IsBigEndian;

    private static void Report(List<string> all, string route, List<string> found) => all.AddRange(found.Select(d => $"{route}: {d}"));

    internal static async Task<byte[]> Transcode(byte[] bytes, DicomTransferSyntax from, DicomTransferSyntax to)
    {
        var output = new MemoryStream();
        await DicomTranscoder.TranscodeAsync(new MemoryStream(bytes, writable: false), from, output, to);
        return output.ToArray();
    }
}
