using Osprey.Archive.Index;
using Osprey.Archive.Tests.Index;

namespace Osprey.Archive.Sqlite.Tests;

/// <summary>
/// The index decides duplicates: one SOP Instance UID stored at once by many callers, through two
/// connections to one database as two nodes would, is added once and then kept, rejected or replaced
/// as the policy says, each caller told which.
/// </summary>
public class SqliteDuplicateTests
{
    [Theory]
    [InlineData(DuplicatePolicy.Replace, StoreOutcomeKind.Replaced)]
    [InlineData(DuplicatePolicy.Keep, StoreOutcomeKind.KeptExisting)]
    [InlineData(DuplicatePolicy.Reject, StoreOutcomeKind.RejectedDuplicate)]
    public async Task Concurrent_stores_of_one_uid_from_two_writers_add_it_once(DuplicatePolicy policy, StoreOutcomeKind others)
    {
        const int Stores = 24;
        await using var t = new TempIndex();
        await using var second = SqliteArchiveIndex.Open(t.DatabasePath);
        var writers = new[] { t.Index, second };
        var sop = TestHeaders.StudyUid + ".1.1";

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Stores).Select(i => Task.Run(async ()
            => (File: $"f{i}.dcm", Outcome: await writers[i % 2].StoreAsync(TestHeaders.Record(TestHeaders.Ct(sop), $"f{i}.dcm"), policy)))));

        Assert.Equal(1L, t.Scalar("SELECT count(*) FROM instances WHERE sop_uid = $uid", ("$uid", sop)));
        Assert.Single(outcomes, o => o.Outcome.Kind == StoreOutcomeKind.Added);
        Assert.Equal(Stores - 1, outcomes.Count(o => o.Outcome.Kind == others));
        var indexed = (await t.Index.FindInstanceAsync(sop))!.File;
        if (policy == DuplicatePolicy.Replace)
        {
            // Every file but the last one indexed is named exactly once as replaced, for its caller to delete.
            var replaced = outcomes.Select(o => o.Outcome.PreviousFile).OfType<string>().ToList();
            Assert.Equal(outcomes.Select(o => o.File).Where(f => f != indexed).Order(), replaced.Order());
        }
        else
        {
            var added = outcomes.Single(o => o.Outcome.Kind == StoreOutcomeKind.Added).File;
            Assert.Equal(added, indexed);
            Assert.All(outcomes.Where(o => o.Outcome.Kind == others), o => Assert.Equal(added, o.Outcome.Existing?.File));
        }
        var study = (await t.Index.FindStudyAsync(TestHeaders.StudyUid))!;
        Assert.Equal(1, study.NumberOfStudyRelatedInstances);
        Assert.Equal(1L, t.Scalar("SELECT num_instances FROM patients"));
    }
}
