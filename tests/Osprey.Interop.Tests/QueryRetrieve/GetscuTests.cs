using System.Globalization;
using Osprey.Interop.Tests.Support;
using S = Osprey.Interop.Tests.QueryRetrieve.SyntheticArchive;

namespace Osprey.Interop.Tests.QueryRetrieve;

/// <summary>The C-GET SCP against DCMTK's getscu: the C-STORE sub-operations come back on getscu's own association.</summary>
[Collection(RetrieveCollection.Name)]
public sealed class GetscuTests(RetrieveArchiveFixture fixture)
{
    [Fact]
    public void Getscu_of_a_study_receives_every_instance_with_its_data_set_unchanged()
    {
        // Study 4 has an MR series of 2 and a US series of 3 instances, SOP classes getscu proposes by default.
        var study = S.StudyUid(4);
        var expected = fixture.Archive.Instances.Where(i => i.StudyUid == study).ToList();
        Assert.Equal(5, expected.Count);
        var folder = Path.Combine(fixture.WorkDirectory, "getscu");
        Directory.CreateDirectory(folder);
        var result = Peer.Run("getscu", TimeSpan.FromMinutes(2), "-d", "+B", "-S", "-aet", "GETSCU", "-aec", "OSPREY", "-od", folder,
            "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study}", "127.0.0.1", fixture.Server.Port.ToString(CultureInfo.InvariantCulture));
        var run = RetrieveChecks.Parse(result);
        Assert.True(run.Status == 0 && run.Completed == 5 && (run.Failed ?? 0) == 0, run.ToString());
        RetrieveChecks.AssertArrivedIdentical(folder, expected, "getscu of a study");
    }
}
