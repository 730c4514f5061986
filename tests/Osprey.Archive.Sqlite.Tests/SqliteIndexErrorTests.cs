using Osprey.Archive.Index;
using Osprey.Archive.Tests.Index;
using Osprey.Dicom.Dictionary;

namespace Osprey.Archive.Sqlite.Tests;

/// <summary>An index that cannot be written says so, naming the database and the reason, and keeps nothing partial.</summary>
public class SqliteIndexErrorTests
{
    [Fact]
    public void A_database_that_cannot_be_created_names_its_path()
    {
        var file = Path.GetTempFileName(); // a file where the index directory would have to be
        try
        {
            var path = Path.Combine(file, "index", "osprey.db");
            var ex = Assert.Throws<ArchiveIndexException>(() => SqliteArchiveIndex.Open(path));
            Assert.StartsWith($"index database {path}: ", ex.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused()
    {
        var dir = Directory.CreateTempSubdirectory("osprey-index-");
        try
        {
            var path = Path.Combine(dir.FullName, "osprey.db");
            File.WriteAllText(path, new string('x', 8192));
            var ex = Assert.Throws<ArchiveIndexException>(() => SqliteArchiveIndex.Open(path));
            Assert.Contains("not an SQLite database", ex.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_database_from_a_newer_osprey_is_refused()
    {
        await using var t = new TempIndex();
        await t.Index.DisposeAsync();
        using (var c = t.Connect())
        using (var command = c.CreateCommand())
        {
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }
        var ex = Assert.Throws<ArchiveIndexException>(() => SqliteArchiveIndex.Open(t.DatabasePath));
        Assert.Contains("schema version 99", ex.Message);
    }

    [Fact]
    public async Task A_database_locked_by_another_process_fails_the_store_and_recovers_after()
    {
        await using var t = new TempIndex(new SqliteIndexOptions { BusyTimeoutSeconds = 1 });
        using (var other = t.Connect())
        {
            using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE"; // holds the write lock, as a second Osprey on the same data would
            begin.ExecuteNonQuery();

            var ex = await Assert.ThrowsAsync<ArchiveIndexException>(async () =>
                await t.Index.StoreAsync(TestHeaders.Record(TestHeaders.Ct("1.2.3.1.1.1")), DuplicatePolicy.Replace));
            Assert.Contains(t.DatabasePath, ex.Message);
            Assert.Contains("locked", ex.Message);
        }

        Assert.Null(await t.Index.FindInstanceAsync("1.2.3.1.1.1"));
        Assert.Equal(StoreOutcomeKind.Added, (await t.Index.StoreAsync(TestHeaders.Record(TestHeaders.Ct("1.2.3.1.1.1")), DuplicatePolicy.Replace)).Kind);
    }

    [Fact]
    public async Task A_full_disk_fails_that_store_alone_and_leaves_nothing_of_it()
    {
        // 48 pages of 4 KiB: room for small instances, not for one with a megabyte of comments.
        await using var t = new TempIndex(new SqliteIndexOptions { MaxPageCount = 48 });
        await t.Index.StoreAsync(TestHeaders.Record(TestHeaders.Ct("1.2.3.1.1.1")), DuplicatePolicy.Replace);

        var big = TestHeaders.Ct("1.2.3.9.1.1", studyUid: "1.2.3.9", seriesUid: "1.2.3.9.1", patientId: "BIG");
        big.AddOrUpdate(DicomTags.ImageComments, new string('c', 1 << 20));
        Task<StoreOutcome> first, failing, last;
        using (var other = t.Connect())
        {
            // Another connection holds the write lock meanwhile, so the failing store and the one after it
            // are written in one transaction, which SQLite rolls back whole when the disk is full.
            using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
            first = t.Index.StoreAsync(TestHeaders.Record(TestHeaders.Ct("1.2.3.1.1.2")), DuplicatePolicy.Replace).AsTask();
            failing = t.Index.StoreAsync(TestHeaders.Record(big), DuplicatePolicy.Replace).AsTask();
            last = t.Index.StoreAsync(TestHeaders.Record(TestHeaders.Ct("1.2.3.1.1.3")), DuplicatePolicy.Replace).AsTask();
            await Task.Delay(200);
            Assert.False(first.IsCompleted);
        }

        var ex = await Assert.ThrowsAsync<ArchiveIndexException>(() => failing);
        Assert.Equal($"index database {t.DatabasePath}: disk full", ex.Message);
        Assert.Equal(StoreOutcomeKind.Added, (await first).Kind);
        Assert.Equal(StoreOutcomeKind.Added, (await last).Kind);

        Assert.Null(await t.Index.FindInstanceAsync("1.2.3.9.1.1"));
        Assert.Null(await t.Index.FindStudyAsync("1.2.3.9"));
        Assert.Equal(0L, t.Scalar("SELECT count(*) FROM patients WHERE patient_id = 'BIG'"));
        Assert.Equal(0L, t.Scalar("SELECT count(*) FROM series WHERE series_uid = '1.2.3.9.1'"));
        Assert.Equal(3, await t.Index.CountInstancesAsync());
        Assert.Equal(3, (await t.Index.FindStudyAsync(TestHeaders.StudyUid))!.NumberOfStudyRelatedInstances);
        Assert.Equal(3L, t.Scalar("SELECT num_instances FROM patients"));
    }

    [Fact]
    public async Task A_closed_index_refuses_stores()
    {
        var t = new TempIndex();
        await t.DisposeAsync();
        Assert.Throws<ObjectDisposedException>(() =>
            t.Index.StoreAsync(TestHeaders.Record(TestHeaders.Ct("1.2.3.1.1.1")), DuplicatePolicy.Replace));
    }
}
