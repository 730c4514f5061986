using System.IO.Pipelines;
using Osprey.Archive.Index;
using Osprey.Archive.Sqlite;
using Osprey.Archive.Storage;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;

namespace Osprey.Archive.Tests.Storage;

/// <summary>The storage path: exact bytes, durable placement, the right outcome for bad data, and nothing half-stored.</summary>
public sealed class ArchiveStoreTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("osprey-store-").FullName;
    private IArchiveIndex _index = null!;

    public Task InitializeAsync()
    {
        _index = SqliteArchiveIndex.Open(Path.Combine(_root, "index", "osprey.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _index.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private BlobStore Blobs => new(Path.Combine(_root, "storage"));

    private ArchiveStore Store(DuplicatePolicy policy = DuplicatePolicy.Replace, IArchiveIndex? index = null)
        => new(Blobs, index ?? _index, policy, "1.2.3.4.5", "TEST_1");

    private static DicomDataset Instance(string sop, string study = "1.2.3", string series = "1.2.3.1", int pixels = 1000, byte fill = 7)
    {
        var ds = new DicomDataset();
        ds.AddOrUpdate(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        ds.AddOrUpdate(DicomTags.SOPClassUID, DicomUids.CTImageStorage);
        ds.AddOrUpdate(DicomTags.SOPInstanceUID, sop);
        ds.AddOrUpdate(DicomTags.Modality, "CT");
        ds.AddOrUpdate(DicomTags.PatientName, "Müller^Jürgen");
        ds.AddOrUpdate(DicomTags.PatientID, "P1");
        ds.AddOrUpdate(DicomTags.StudyInstanceUID, study);
        ds.AddOrUpdate(DicomTags.SeriesInstanceUID, series);
        var data = new byte[pixels];
        Array.Fill(data, fill);
        ds.AddOrUpdate(new DicomValueElement(DicomTags.PixelData, DicomVR.OB, data));
        return ds;
    }

    private static byte[] Encode(DicomDataset ds, DicomTransferSyntax? syntax = null)
    {
        var ms = new MemoryStream();
        DicomDatasetWriter.Write(ds, ms, syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian);
        return ms.ToArray();
    }

    /// <summary>Feeds bytes through a pipe in small pieces, as an association does.</summary>
    private static PipeReader Feed(byte[] bytes, int piece = 1000)
    {
        var pipe = new Pipe();
        _ = Task.Run(async () =>
        {
            for (int i = 0; i < bytes.Length; i += piece)
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, Math.Min(piece, bytes.Length - i)));
            await pipe.Writer.CompleteAsync();
        });
        return pipe.Reader;
    }

    private static StoreRequest Request(string sop, string? syntax = null, string ae = "MODALITY")
        => new(DicomUids.CTImageStorage, sop, syntax ?? DicomUids.ExplicitVRLittleEndian, ae);

    private IEnumerable<string> LeftoverFiles() => Directory.EnumerateFiles(Path.Combine(_root, "storage"), "*", SearchOption.AllDirectories);

    [Fact]
    public async Task Stores_the_data_set_bytes_exactly_after_a_file_meta_naming_the_sender()
    {
        var bytes = Encode(Instance("1.2.3.1.1"));
        var result = await Store().StoreAsync(Request("1.2.3.1.1"), Feed(bytes));
        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(StoreOutcomeKind.Added, result.Outcome);

        var path = Path.Combine(_root, "storage", result.File!);
        var file = DicomFile.Open(path);
        Assert.Equal("MODALITY", file.FileMetaInformation.GetString(DicomTags.SourceApplicationEntityTitle)?.Trim());
        Assert.Equal("1.2.3.1.1", file.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID)?.TrimEnd('\0'));
        Assert.Equal(DicomUids.ExplicitVRLittleEndian, file.TransferSyntax.Uid);
        Assert.Equal(bytes, File.ReadAllBytes(path).AsSpan((int)file.DatasetOffset).ToArray());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "storage", ".incoming")));

        var indexed = await _index.FindInstanceAsync("1.2.3.1.1");
        Assert.NotNull(indexed);
        Assert.Equal(result.File, indexed.File);
        Assert.Equal(new FileInfo(path).Length, indexed.Size);
        Assert.Equal("MODALITY", indexed.SourceAeTitle);
    }

    [Fact]
    public async Task Keeps_a_big_endian_or_implicit_data_set_in_the_syntax_it_came_in()
    {
        foreach (var syntax in new[] { DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRBigEndian, DicomTransferSyntax.DeflatedExplicitVRLittleEndian })
        {
            var sop = $"1.2.3.1.{syntax.Uid.Length}";
            var bytes = Encode(Instance(sop), syntax);
            var result = await Store().StoreAsync(Request(sop, syntax.Uid), Feed(bytes));
            Assert.True(result.IsSuccess, $"{syntax}: {result.Detail}");
            var path = Path.Combine(_root, "storage", result.File!);
            var file = DicomFile.Open(path);
            Assert.Equal(syntax.Uid, file.TransferSyntax.Uid);
            Assert.Equal(bytes, File.ReadAllBytes(path).AsSpan((int)file.DatasetOffset).ToArray());
            Assert.Equal("Müller^Jürgen", file.Dataset.GetString(DicomTags.PatientName));
        }
    }

    [Fact]
    public async Task A_header_longer_than_the_kept_start_is_read_from_the_file()
    {
        var ds = Instance("1.2.3.1.9");
        ds.AddOrUpdate(new DicomValueElement(new DicomTag(0x6000, 0x3000), DicomVR.OW, new byte[ArchiveStore.HeaderBufferSize + 1000]));
        ds.AddOrUpdate(DicomTags.SeriesInstanceUID, "1.2.3.1");
        var result = await Store().StoreAsync(Request("1.2.3.1.9"), Feed(Encode(ds), 64 * 1024));
        Assert.True(result.IsSuccess, result.Detail);
        Assert.NotNull(await _index.FindInstanceAsync("1.2.3.1.9"));
    }

    [Fact]
    public async Task UIDs_that_differ_from_the_request_are_refused_with_nothing_left_behind()
    {
        var result = await Store().StoreAsync(Request("9.9.9"), Feed(Encode(Instance("1.2.3.1.1"))));
        Assert.Equal(StoreStatus.DataSetDoesNotMatchSopClass, result.Status);
        Assert.Contains("SOP Instance UID", result.ErrorComment);
        Assert.True(result.ErrorComment!.Length <= 64);
        Assert.Empty(LeftoverFiles());
        Assert.Null(await _index.FindInstanceAsync("9.9.9"));
        Assert.Null(await _index.FindInstanceAsync("1.2.3.1.1"));
    }

    [Fact]
    public async Task A_data_set_that_cannot_be_parsed_gets_cannot_understand()
    {
        var bytes = Encode(Instance("1.2.3.1.1"));
        var cut = bytes.AsSpan(0, 40).ToArray(); // ends inside an element of the header
        var result = await Store().StoreAsync(Request("1.2.3.1.1"), Feed(cut));
        Assert.Equal(StoreStatus.CannotUnderstand, result.Status);
        Assert.False(string.IsNullOrEmpty(result.ErrorComment));
        Assert.Empty(LeftoverFiles());
    }

    [Fact]
    public async Task A_data_set_without_a_study_is_refused()
    {
        var ds = Instance("1.2.3.1.1");
        ds.Remove(DicomTags.StudyInstanceUID);
        var result = await Store().StoreAsync(Request("1.2.3.1.1"), Feed(Encode(ds)));
        Assert.Equal(StoreStatus.CannotUnderstand, result.Status);
        Assert.Contains("Study Instance UID", result.ErrorComment);
        Assert.Empty(LeftoverFiles());
    }

    [Fact]
    public async Task Duplicates_follow_the_policy()
    {
        var first = Encode(Instance("1.2.3.1.1", fill: 1));
        var second = Encode(Instance("1.2.3.1.1", fill: 2));
        var original = await Store().StoreAsync(Request("1.2.3.1.1"), Feed(first));

        var kept = await Store(DuplicatePolicy.Keep).StoreAsync(Request("1.2.3.1.1"), Feed(second));
        Assert.Equal(StoreStatus.Success, kept.Status);
        Assert.Equal(StoreOutcomeKind.KeptExisting, kept.Outcome);
        Assert.Equal(first, StoredDataset(original.File!));

        var rejected = await Store(DuplicatePolicy.Reject).StoreAsync(Request("1.2.3.1.1"), Feed(second));
        Assert.Equal(StoreStatus.DuplicateRejected, rejected.Status);
        Assert.Contains("Duplicate", rejected.ErrorComment);
        Assert.Equal(first, StoredDataset(original.File!));

        var replaced = await Store(DuplicatePolicy.Replace).StoreAsync(Request("1.2.3.1.1"), Feed(second));
        Assert.Equal(StoreOutcomeKind.Replaced, replaced.Outcome);
        Assert.Equal(second, StoredDataset(replaced.File!));
        Assert.Equal(replaced.File, (await _index.FindInstanceAsync("1.2.3.1.1"))!.File);
        // One file for the instance: the replaced one is gone.
        Assert.Single(LeftoverFiles());
    }

    [Theory]
    [InlineData(DuplicatePolicy.Replace)]
    [InlineData(DuplicatePolicy.Keep)]
    [InlineData(DuplicatePolicy.Reject)]
    public async Task Concurrent_stores_of_one_instance_follow_the_policy_exactly_once(DuplicatePolicy policy)
    {
        // Two nodes sharing one index database and one storage volume, as issue 20 runs them: each
        // with its own connection to the index and its own store, so no lock in a process can decide.
        const int Stores = 16;
        await using var secondIndex = SqliteArchiveIndex.Open(Path.Combine(_root, "index", "osprey.db"));
        var nodes = new[] { Store(policy), Store(policy, secondIndex) };
        var sent = Enumerable.Range(0, Stores).Select(i => Encode(Instance("1.2.3.1.1", fill: (byte)(i + 1)))).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, Stores).Select(i => Task.Run(()
            => nodes[i % 2].StoreAsync(Request("1.2.3.1.1"), Feed(sent[i], 4096)))));

        Assert.Equal(1, await _index.CountInstancesAsync());
        Assert.Equal(1, (await _index.FindStudyAsync("1.2.3"))!.NumberOfStudyRelatedInstances);
        var indexed = (await _index.FindInstanceAsync("1.2.3.1.1"))!;
        var file = Assert.Single(LeftoverFiles()); // none orphaned, none left in .incoming
        Assert.Equal(Path.Combine(_root, "storage", indexed.File), file);
        Assert.Equal(new FileInfo(file).Length, indexed.Size);

        Assert.Equal(1, results.Count(r => r.Outcome == StoreOutcomeKind.Added));
        var (others, status) = policy switch
        {
            DuplicatePolicy.Replace => ((StoreOutcomeKind?)StoreOutcomeKind.Replaced, StoreStatus.Success),
            DuplicatePolicy.Keep => (StoreOutcomeKind.KeptExisting, StoreStatus.Success),
            _ => (null, StoreStatus.DuplicateRejected),
        };
        Assert.Equal(Stores - 1, results.Count(r => r.Outcome == others && r.Status == status));
        // The data set on disk is the one of a store told it is in the index's file: the last
        // replacement, or the one that was added first.
        var stored = StoredDataset(indexed.File);
        int winner = Assert.Single(Enumerable.Range(0, Stores), i => results[i].File == indexed.File && sent[i].AsSpan().SequenceEqual(stored));
        Assert.Equal(policy == DuplicatePolicy.Replace ? StoreOutcomeKind.Replaced : StoreOutcomeKind.Added, results[winner].Outcome);
        if (policy == DuplicatePolicy.Keep)
            Assert.All(results.Where(r => r.Outcome == StoreOutcomeKind.KeptExisting), r => Assert.Equal(indexed.File, r.File));
        else if (policy == DuplicatePolicy.Reject)
            Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Contains("already stored (received", r.Detail));
    }

    [Fact]
    public void Files_of_one_instance_placed_at_the_same_moment_each_get_a_name_of_their_own()
    {
        const int Files = 32;
        var blobs = Blobs;
        for (int round = 0; round < 10; round++)
        {
            var sop = $"1.2.3.1.{round}";
            var temporaries = Enumerable.Range(0, Files).Select(i =>
            {
                using var f = blobs.CreateTemporary();
                f.WriteByte((byte)i);
                return f.Name;
            }).ToArray();
            var placed = new string?[Files];
            var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            using var start = new ManualResetEventSlim(false, spinCount: 0);
            var threads = Enumerable.Range(0, Files).Select(i => new Thread(() =>
            {
                start.Wait();
                try { placed[i] = blobs.Commit(temporaries[i], "1.2.3", sop); }
                catch (Exception e) { errors.Add(e); }
            })).ToList();
            threads.ForEach(t => t.Start());
            start.Set();
            threads.ForEach(t => t.Join());

            Assert.Empty(errors);
            Assert.Equal(Files, placed.Distinct().Count());
            // No file replaced another: each byte written is in a file of its own.
            Assert.Equal(Enumerable.Range(0, Files).Select(i => (byte)i), placed.Select(p => File.ReadAllBytes(blobs.FullPath(p!)).Single()).Order());
            Assert.Contains($"{sop}.dcm", placed.Select(Path.GetFileName));
        }
    }

    [Fact]
    public async Task An_unavailable_index_gives_out_of_resources_and_leaves_the_stored_instance_as_it_was()
    {
        var first = Encode(Instance("1.2.3.1.1", fill: 1));
        var original = await Store().StoreAsync(Request("1.2.3.1.1"), Feed(first));
        var broken = await Store(index: new FailingIndex(_index)).StoreAsync(Request("1.2.3.1.1"), Feed(Encode(Instance("1.2.3.1.1", fill: 2))));
        Assert.Equal(StoreStatus.OutOfResources, broken.Status);
        Assert.Contains("index", broken.ErrorComment);
        Assert.Equal(first, StoredDataset(original.File!));
        Assert.Single(LeftoverFiles());
    }

    [Fact]
    public async Task Imports_a_part_10_file_through_the_same_path()
    {
        var ds = Instance("1.2.3.1.7");
        var path = WritePart10("in.dcm", ds, "1.2.3.1.7", sourceAeTitle: "OLDPACS");
        var result = await Store().ImportAsync(path);
        Assert.True(result.IsSuccess, result.Detail);
        Assert.Equal(Encode(ds), StoredDataset(result.File!));
        Assert.Equal("OLDPACS", (await _index.FindInstanceAsync("1.2.3.1.7"))!.SourceAeTitle);
    }

    [Fact]
    public async Task Import_takes_the_data_set_uids_when_the_file_meta_disagrees()
    {
        // Some files carry a stale Media Storage SOP Instance UID (pydicom's chrJapMulti.dcm does):
        // the data set is what is stored, so its UIDs name the instance, as storescu would send it.
        var path = WritePart10("stale-meta.dcm", Instance("1.2.3.1.8"), metaSopInstanceUid: "1.2.3.1.999");
        var result = await Store().ImportAsync(path);
        Assert.True(result.IsSuccess, result.Detail);
        Assert.NotNull(await _index.FindInstanceAsync("1.2.3.1.8"));
        Assert.Null(await _index.FindInstanceAsync("1.2.3.1.999"));
        var stored = DicomFile.Open(Path.Combine(_root, "storage", result.File!));
        Assert.Equal("1.2.3.1.8", stored.FileMetaInformation.GetString(DicomTags.MediaStorageSOPInstanceUID)?.TrimEnd('\0'));
    }

    /// <summary>Writes a Part 10 file (Explicit VR Little Endian) whose meta names <paramref name="metaSopInstanceUid"/>.</summary>
    private string WritePart10(string name, DicomDataset dataset, string metaSopInstanceUid, string? sourceAeTitle = null)
    {
        var meta = new DicomDataset();
        meta.AddOrUpdate<uint>(DicomTags.FileMetaInformationGroupLength, DicomVR.UL, 0);
        meta.AddOrUpdate(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, DicomUids.CTImageStorage);
        meta.AddOrUpdate(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, metaSopInstanceUid);
        meta.AddOrUpdate(DicomTags.TransferSyntaxUID, DicomVR.UI, DicomUids.ExplicitVRLittleEndian);
        if (sourceAeTitle != null) meta.AddOrUpdate(DicomTags.SourceApplicationEntityTitle, DicomVR.AE, sourceAeTitle);
        var path = Path.Combine(_root, name);
        new DicomFile(meta, dataset).Save(path);
        return path;
    }

    private byte[] StoredDataset(string relative)
    {
        var path = Path.Combine(_root, "storage", relative);
        var file = DicomFile.Open(path);
        return File.ReadAllBytes(path).AsSpan((int)file.DatasetOffset).ToArray();
    }

    /// <summary>An index whose writes fail, as a database on a full or read-only volume does.</summary>
    private sealed class FailingIndex(IArchiveIndex inner) : IArchiveIndex
    {
        public ValueTask<StoreOutcome> StoreAsync(InstanceRecord record, DuplicatePolicy policy, CancellationToken cancellationToken = default)
            => throw new ArchiveIndexException("index database: disk full");
        public ValueTask<IndexedInstance?> FindInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken = default) => inner.FindInstanceAsync(sopInstanceUid, cancellationToken);
        public IAsyncEnumerable<IndexedInstance> InstancesAsync(CancellationToken cancellationToken = default) => inner.InstancesAsync(cancellationToken);
        public ValueTask<long> CountInstancesAsync(CancellationToken cancellationToken = default) => inner.CountInstancesAsync(cancellationToken);
        public ValueTask<StudySummary?> FindStudyAsync(string studyInstanceUid, CancellationToken cancellationToken = default) => inner.FindStudyAsync(studyInstanceUid, cancellationToken);
        public IAsyncEnumerable<DicomDataset> SelectAsync(IndexSelection selection, CancellationToken cancellationToken = default) => inner.SelectAsync(selection, cancellationToken);
        public IAsyncEnumerable<IndexedInstance> SelectInstancesAsync(IndexSelection selection, CancellationToken cancellationToken = default) => inner.SelectInstancesAsync(selection, cancellationToken);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
