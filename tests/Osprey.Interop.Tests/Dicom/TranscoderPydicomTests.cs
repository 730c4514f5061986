using System.Diagnostics;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Dicom;

/// <summary>
/// pydicom, an independent reader, reads what <see cref="DicomTranscoder"/> writes: each file below
/// is transcoded to every native syntax and saved behind a File Meta Information naming that syntax,
/// and pydicom must find the same elements, values and pixel array as in the original (elements whose
/// VR implicit VR lost are compared by their little endian bytes; group lengths, which the
/// transcoder drops, are not compared).
/// </summary>
public class TranscoderPydicomTests
{
    public static TheoryData<string> Files() => new(
        "test_files/CT_small.dcm",                 // explicit LE, 16-bit
        "test_files/MR_small_implicit.dcm",        // implicit LE
        "test_files/MR_small_bigendian.dcm",       // explicit BE, 16-bit
        "test_files/ExplVR_BigEnd.dcm",            // explicit BE, 8-bit (OB in BE)
        "test_files/image_dfl.dcm",                // deflated
        "test_files/liver_1frame.dcm",             // 1-bit cells
        "test_files/rtdose.dcm",                   // implicit, 32-bit, multi-frame
        "test_files/rtdose_expb.dcm",              // explicit BE, 32-bit cells (swapped cell by cell)
        "test_files/liver_expb_1frame.dcm",        // explicit BE, 1-bit cells
        "test_files/SC_rgb_jpeg_dcmd.dcm",         // implicit, 8-bit RGB: OB from implicit VR
        "test_files/SC_rgb_small_odd.dcm",         // explicit LE, 8-bit RGB stored as OW, odd size
        "test_files/rtplan.dcm",                   // implicit, nested sequences
        "test_files/reportsi.dcm",                 // SR: deeply nested sequences
        "test_files/nested_priv_SQ.dcm",           // private sequences in implicit VR
        "test_files/waveform_ecg.dcm");            // waveform data

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Pydicom_reads_the_transcoded_file_as_the_original(string name)
    {
        var path = Path.Combine(PydicomFiles.DataDirectory, name);
        var original = DicomFile.Read(File.ReadAllBytes(path));
        var location = DicomDatasetLocation.Read(path);
        var directory = Directory.CreateTempSubdirectory("osprey-transcode-").FullName;
        try
        {
            var outputs = new List<string>();
            foreach (var target in DicomTransferSyntax.Uncompressed)
            {
                var output = Path.Combine(directory, $"{target.Uid}.dcm");
                await using (var stream = File.Create(output))
                await using (var source = File.OpenRead(path))
                {
                    var meta = new DicomDataset(original.FileMetaInformation);
                    meta.AddOrUpdate(DicomTags.TransferSyntaxUID, DicomVR.UI, target.Uid);
                    DicomFileWriter.WriteMeta(stream, meta, original.Preamble);
                    source.Position = location.Offset;
                    await DicomTranscoder.TranscodeAsync(source, location.TransferSyntax, stream, target);
                }
                outputs.Add(output);
            }
            var (exit, report) = RunPython([path, .. outputs]);
            Assert.True(exit == 0, $"{name} (stored as {location.TransferSyntax.Name}):\n{report}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int Exit, string Output) RunPython(IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(PydicomFiles.PythonPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(CompareScript);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {PydicomFiles.PythonPath}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the pydicom comparison did not finish in 2 minutes");
        }
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>
    /// argv: the original file, then its transcoded copies. Prints a line per copy and its
    /// differences; exits 1 when there are any.
    /// </summary>
    private const string CompareScript = """
        import sys, warnings
        warnings.simplefilter("ignore")
        import numpy as np
        import pydicom
        from pydicom.filebase import DicomBytesIO
        from pydicom.filewriter import write_data_element

        SWAP = {"OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}
        RAW = ("OB", "UN")
        BIG = "1.2.840.10008.1.2.2"
        IMPLICIT = "1.2.840.10008.1.2"

        def le_bytes(elem, little):
            # The value as Implicit VR Little Endian encodes it.
            if elem.VR in RAW or elem.VR in SWAP:
                raw = bytes(elem.value or b"")
                n = SWAP.get(elem.VR, 1)
                if little or n == 1 or len(raw) % n:
                    return raw
                return np.frombuffer(raw, dtype=">u%d" % n).astype("<u%d" % n).tobytes()
            fp = DicomBytesIO()
            fp.is_little_endian = True
            fp.is_implicit_VR = True
            write_data_element(fp, elem)
            return fp.getvalue()[8:]

        def compare(a, b, a_le, b_le, path, out):
            for elem in a:
                tag = elem.tag
                if tag.element == 0:
                    continue
                where = "%s%s" % (path, tag)
                if tag not in b:
                    out.append(where + " missing")
                    continue
                other = b[tag]
                if elem.VR == "SQ" or other.VR == "SQ":
                    if elem.VR != other.VR:
                        out.append("%s VR %s became %s" % (where, elem.VR, other.VR))
                        continue
                    if len(elem.value) != len(other.value):
                        out.append("%s %d items became %d" % (where, len(elem.value), len(other.value)))
                    for i, (x, y) in enumerate(zip(elem.value, other.value)):
                        compare(x, y, a_le, b_le, "%s[%d]/" % (where, i), out)
                    continue
                if tag == 0x7FE00010 and path == "" and "BitsAllocated" in a:
                    continue  # compared as pixel arrays
                if elem.VR == other.VR and elem.VR not in RAW and elem.VR not in SWAP:
                    if elem.value != other.value:
                        out.append("%s %r became %r" % (where, elem.value, other.value))
                elif le_bytes(elem, a_le) != le_bytes(other, b_le):
                    out.append("%s (%s, %s) value differs" % (where, elem.VR, other.VR))
            for elem in b:
                if elem.tag.element != 0 and elem.tag not in a:
                    out.append("%s%s unexpected" % (path, elem.tag))

        original = pydicom.dcmread(sys.argv[1], force=True)
        failed = False
        for name in sys.argv[2:]:
            copy = pydicom.dcmread(name, force=True)
            uid = str(copy.file_meta.TransferSyntaxUID)
            out = []
            if copy.is_little_endian != (uid != BIG) or copy.is_implicit_VR != (uid == IMPLICIT):
                out.append("pydicom read %s as %s VR %s endian" % (uid, "implicit" if copy.is_implicit_VR else "explicit", "little" if copy.is_little_endian else "big"))
            compare(original, copy, original.is_little_endian, copy.is_little_endian, "", out)
            if "PixelData" in original and "BitsAllocated" in original:
                if "PixelData" not in copy:
                    out.append("Pixel Data missing")
                elif not np.array_equal(original.pixel_array, copy.pixel_array):
                    out.append("pixel arrays differ")
                else:
                    print("%s: %s pixel array equal" % (uid, original.pixel_array.shape))
            print("%s: %d elements compared, %d differences" % (uid, sum(1 for _ in original.iterall()), len(out)))
            for line in out[:30]:
                print("  " + line)
            failed = failed or bool(out)
        sys.exit(1 if failed else 0)
        """;
}
