using Osprey.Dicom.Data;
using Osprey.Dicom.IO;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Dicom;

/// <summary>
/// Every file that pydicom ships is read and written back byte for byte in its own transfer
/// syntax, and transcoding it to each uncompressed syntax and back keeps the same data set.
/// </summary>
public class RoundTripTests
{
    public static TheoryData<string> Files() => new(PydicomFiles.TestFiles().Select(PydicomFiles.RelativeName));

    /// <summary>
    /// Files whose bytes cannot come back unchanged, and why. Everything else must be identical.
    /// </summary>
    private static readonly Dictionary<string, string> NotByteIdentical = new()
    {
        // The data ends inside a value: a writer must not write a length it has no bytes for.
        ["test_files/MR_truncated.dcm"] = "truncated",
        ["test_files/rtplan_truncated.dcm"] = "truncated",
        ["test_files/no_meta.dcm"] = "truncated",
        // Its meta information says JPEG Baseline (explicit VR) but the data set is implicit VR:
        // Osprey reads what is there and writes what the meta information says.
        ["test_files/SC_rgb_jpeg.dcm"] = "implicit VR data set under an explicit VR transfer syntax",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Writing_back_is_byte_identical(string name)
    {
        var path = Path.Combine(PydicomFiles.DataDirectory, name);
        var original = File.ReadAllBytes(path);
        var file = DicomFile.Read(original);
        var written = new MemoryStream();
        file.Save(written);

        if (NotByteIdentical.ContainsKey(name))
        {
            // Still: what was written reads back to the same data set.
            var again = DicomFile.Read(written.ToArray());
            Assert.Empty(DatasetEquivalence.Compare(file.Dataset, again.Dataset, vrMayBeLost: false));
            Assert.False(again.IsTruncated);
            return;
        }
        if (file.TransferSyntax.IsDeflated)
        {
            // Deflate output depends on the compressor: compare the inflated data sets' bytes.
            Assert.Equal(original.AsSpan(0, (int)file.DatasetOffset).ToArray(), written.ToArray().AsSpan(0, (int)file.DatasetOffset).ToArray());
            Assert.Equal(Inflate(original, file.DatasetOffset), Inflate(written.ToArray(), file.DatasetOffset));
            return;
        }
        Assert.Equal(original.Length, written.Length);
        Assert.True(original.AsSpan().SequenceEqual(written.ToArray()), $"{name}: first difference at byte {FirstDifference(original, written.ToArray())}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Transcoding_to_every_uncompressed_syntax_and_back_keeps_the_data_set(string name)
    {
        var path = Path.Combine(PydicomFiles.DataDirectory, name);
        var file = DicomFile.Read(File.ReadAllBytes(path));
        if (file.Dataset.Contains(new DicomTag(0x7FE0, 0x0010)) && file.Dataset[new DicomTag(0x7FE0, 0x0010)] is DicomFragments)
        {
            // Encapsulated pixel data has no uncompressed form without an image codec, which Osprey does not
            // have: such files are transcoded only among the syntaxes that keep fragments (none uncompressed).
            Assert.True(file.TransferSyntax.IsEncapsulated || file.TransferSyntax == DicomTransferSyntax.ImplicitVRLittleEndian, name);
            return;
        }
        foreach (var target in DicomTransferSyntax.Uncompressed)
        {
            var there = new MemoryStream();
            file.Save(there, target);
            var transcoded = DicomFile.Read(there.ToArray());
            Assert.Equal(target.Uid, transcoded.TransferSyntax.Uid);
            var back = new MemoryStream();
            transcoded.Save(back, file.TransferSyntax);
            var returned = DicomFile.Read(back.ToArray());
            bool viaImplicit = !target.IsExplicitVR || !file.TransferSyntax.IsExplicitVR;
            var differences = DatasetEquivalence.Compare(file.Dataset, transcoded.Dataset, vrMayBeLost: viaImplicit)
                .Concat(DatasetEquivalence.Compare(file.Dataset, returned.Dataset, vrMayBeLost: viaImplicit)).ToList();
            Assert.True(differences.Count == 0, $"{name} via {target.Name}:\n" + string.Join("\n", differences.Take(20)));
        }
    }

    private static byte[] Inflate(byte[] file, long offset)
    {
        using var deflate = new System.IO.Compression.DeflateStream(new MemoryStream(file, (int)offset, file.Length - (int)offset), System.IO.Compression.CompressionMode.Decompress);
        var result = new MemoryStream();
        deflate.CopyTo(result);
        return result.ToArray();
    }

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return n;
    }
}
