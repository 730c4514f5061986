using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Interop.Tests.Support;
using Osprey.Server.Archive;
using Osprey.Server.Cli;
using Osprey.Server.Settings;

namespace Osprey.Interop.Tests.Storage;

/// <summary>
/// DCMTK storescu sends real files to Osprey's Storage SCP: what is acknowledged is stored exactly
/// and indexed, what is refused gets a status and an Error Comment that say why.
/// </summary>
public sealed class StorageScpTests
{
    [Fact]
    public async Task Every_pydicom_file_storescu_sends_is_stored_as_sent_or_refused_with_a_reason()
    {
        await using var server = new OspreyServer();
        var files = PydicomFiles.TestFiles();
        // storescu proposes the uncompressed syntaxes, plus one compressed syntax named by a flag: send
        // each compressed file with the flag for its own syntax, so it goes as it is, not decompressed.
        var sent = new List<Storescu.FileResult>();
        var log = new System.Text.StringBuilder();
        foreach (var group in files.GroupBy(ProposeFlag).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var run = Storescu.Send(server.Port, group, extra: group.Key.Length > 0 ? [group.Key] : []);
            sent.AddRange(group.Where(run.Files.ContainsKey).Select(f => run.Files[f]));
            log.AppendLine(run.Result.Output);
        }
        // storescu skips files without SOP Class and Instance UIDs (no meta, DICOMDIR, truncated headers): 54 of 86 remain.
        Assert.True(sent.Count >= 50, $"storescu sent only {sent.Count} of {files.Count} files:\n{log}");

        // The last file sent with a given SOP Instance UID is the one stored (Storage:DuplicatePolicy replace):
        // pydicom ships the same instance in several encodings.
        var stored = new Dictionary<string, (string Original, string StoredPath)>();
        await using var index = ArchiveLocation.OpenIndex(server.DataDirectory, new IndexSettings());
        var storage = ArchiveLocation.StorageDirectory(server.DataDirectory);
        foreach (var file in sent)
        {
            if (!file.Succeeded)
            {
                Assert.True(file.Status != null, $"{file.File}: storescu got no response:\n{log}");
                Assert.False(string.IsNullOrWhiteSpace(file.ErrorComment), $"{file.File}: refused ({file.Status}) without an Error Comment");
                continue;
            }
            var sop = SopInstanceUid(file.File);
            var indexed = await index.FindInstanceAsync(sop);
            Assert.True(indexed != null, $"{file.File}: acknowledged but {sop} is not indexed");
            stored[sop] = (file.File, Path.Combine(storage, indexed!.File));
        }
        Assert.True(stored.Count >= 40, $"only {stored.Count} instances stored:\n{string.Join('\n', sent.Select(f => $"{f.File}: {f.Status} {f.ErrorComment}"))}");
        // Every compressed syntax storescu can propose came through as it was.
        foreach (var flag in files.Select(ProposeFlag).Where(f => f.Length > 0).Distinct())
            Assert.Contains(sent, f => f.Succeeded && ProposeFlag(f.File) == flag);

        // Same transfer syntax as the file: the stored data set is the file's, byte for byte. Otherwise
        // storescu converted it on the way, and pydicom must read the same data set from both.
        var semantic = new List<(string Original, string Stored)>();
        foreach (var (sop, (original, storedPath)) in stored)
        {
            var a = DicomFile.Open(original);
            var b = DicomFile.Open(storedPath);
            Assert.Equal("STORESCU", b.FileMetaInformation.GetString(DicomTags.SourceApplicationEntityTitle)?.Trim());
            if (a.FileMetaInformation.Contains(DicomTags.TransferSyntaxUID) && a.TransferSyntax.Uid == b.TransferSyntax.Uid)
            {
                var originalBytes = File.ReadAllBytes(original).AsSpan((int)a.DatasetOffset);
                var storedBytes = File.ReadAllBytes(storedPath).AsSpan((int)b.DatasetOffset);
                // DCMTK recomputes group lengths that a file has wrong (chrKoreanMulti.dcm, say) before sending.
                if (!originalBytes.SequenceEqual(storedBytes)) semantic.Add((original, storedPath));
            }
            else
            {
                semantic.Add((original, storedPath));
            }
        }
        if (semantic.Count > 0)
        {
            var json = PydicomFiles.RunPydicomJson(semantic.Select(s => s.Stored));
            foreach (var (original, storedPath) in semantic)
            {
                bool encapsulated = DicomFile.Open(storedPath, new() { StopBeforeTag = new DicomTag(0x0008, 0x0000) }).TransferSyntax.IsEncapsulated;
                var differences = DicomJsonComparer.Compare(AsSent(PydicomFiles.AllTestFileResults[original], encapsulated), AsSent(json[storedPath], encapsulated));
                Assert.True(differences.Count == 0, $"{original} (stored converted): {DicomJsonComparer.Format(differences)}");
            }
        }

        var verify = new StringWriter();
        Assert.Equal(0, await VerifyCommand.RunAsync(server.DataDirectory, [], verify, verify, CancellationToken.None));
        Assert.Contains($"{stored.Count} instances, 0 problems", verify.ToString());
    }

    [Fact]
    public async Task Five_hundred_synthetic_CT_instances_are_stored_byte_for_byte_and_indexed()
    {
        var source = Directory.CreateTempSubdirectory("osprey-ct-").FullName;
        try
        {
            var instances = SyntheticCt.Write(source, 500, studies: 5);
            await using var server = new OspreyServer();
            var run = Storescu.Send(server.Port, instances.Select(i => i.Path), timeout: TimeSpan.FromMinutes(5));
            Assert.Equal(0, run.Result.ExitCode);
            Assert.Equal(500, run.Files.Values.Count(f => f.Succeeded));

            await StoredChecks.AssertStoredIntact(server.DataDirectory, instances);
            await using var index = ArchiveLocation.OpenIndex(server.DataDirectory, new IndexSettings());
            foreach (var study in instances.GroupBy(i => i.StudyInstanceUid))
            {
                var summary = await index.FindStudyAsync(study.Key);
                Assert.NotNull(summary);
                Assert.Equal(study.Count(), summary.NumberOfStudyRelatedInstances);
                Assert.Equal(["CT"], summary.ModalitiesInStudy);
            }
            var verify = new StringWriter();
            Assert.Equal(0, await VerifyCommand.RunAsync(server.DataDirectory, [], verify, verify, CancellationToken.None));
            Assert.Contains("500 instances, 0 problems", verify.ToString());
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    // storescu's flag that proposes a compressed transfer syntax as well as the uncompressed ones.
    private static readonly Dictionary<string, string> CompressedFlags = new()
    {
        [DicomUids.JPEGBaseline8Bit] = "-xy",
        [DicomUids.JPEGExtended12Bit] = "-xx",
        [DicomUids.JPEGLosslessSV1] = "-xs",
        [DicomUids.JPEG2000Lossless] = "-xv",
        [DicomUids.JPEG2000] = "-xw",
        [DicomUids.JPEGLSLossless] = "-xt",
        [DicomUids.RLELossless] = "-xr",
        [DicomUids.DeflatedExplicitVRLittleEndian] = "-xd",
    };

    private static string ProposeFlag(string path)
    {
        try
        {
            var syntax = DicomFile.Open(path, new() { StopBeforeTag = new DicomTag(0x0008, 0x0000) }).FileMetaInformation.GetString(DicomTags.TransferSyntaxUID)?.TrimEnd('\0', ' ');
            return syntax != null && CompressedFlags.TryGetValue(syntax, out var flag) ? flag : "";
        }
        catch (Osprey.Dicom.IO.DicomParseException)
        {
            return "";
        }
    }

    /// <summary>
    /// A file's data set as DCMTK puts it on the wire: group lengths (gggg,0000, retired) recomputed,
    /// Data Set Trailing Padding (FFFC,FFFC) dropped, encapsulated Pixel Data as OB (PS3.5 §A.4) even
    /// when the file says OW. Those differences are storescu's, not the receiver's: leave them out.
    /// </summary>
    private static System.Text.Json.Nodes.JsonObject AsSent(System.Text.Json.Nodes.JsonObject json, bool encapsulated)
    {
        var copy = (System.Text.Json.Nodes.JsonObject)json.DeepClone();
        foreach (var key in copy.Select(p => p.Key).Where(k => k == "FFFCFFFC" || (k.Length == 8 && k.EndsWith("0000", StringComparison.Ordinal))).ToList()) copy.Remove(key);
        if (encapsulated && copy["7FE00010"] is System.Text.Json.Nodes.JsonObject pixels) pixels["vr"] = "OB";
        return copy;
    }

    private static string SopInstanceUid(string path)
    {
        var file = DicomFile.Open(path, new() { StopBeforeTag = DicomTags.PixelData });
        return (file.Dataset.GetString(DicomTags.SOPInstanceUID) ?? file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID) ?? "").TrimEnd('\0', ' ');
    }
}
