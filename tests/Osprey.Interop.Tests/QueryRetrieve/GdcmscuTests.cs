using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Osprey.Interop.Tests.Support;
using Xunit.Abstractions;
using S = Osprey.Interop.Tests.QueryRetrieve.SyntheticArchive;

namespace Osprey.Interop.Tests.QueryRetrieve;

/// <summary>
/// GDCM's gdcmscu against the Query/Retrieve SCP. Debian's gdcmscu 3.0.21 aborts with "ProtocolStream as
/// nullptr is invalid" when the association is released, against any peer (see EchoInteropTests), before
/// it prints what it found. So the tests check what gdcmscu shows before that (-D: each response's status)
/// and what it did (files written), and the C-FIND test runs the same gdcmscu against DCMTK's dcmqrscp as
/// a control: it must end the same way there.
/// </summary>
[Collection(RetrieveCollection.Name)]
public sealed class GdcmscuTests(RetrieveArchiveFixture fixture, ITestOutputHelper output)
{
    private static int Pending(string log) => Regex.Matches(log, @"\(0000,0900\) \?\? \(US\) 65280 ").Count;

    private static int Success(string log) => Regex.Matches(log, @"\(0000,0900\) \?\? \(US\) 0 ").Count;

    [Fact]
    public async Task Gdcmscu_find_at_study_level_by_patient_id_gets_one_pending_response_per_study_then_success()
    {
        var patient = S.PatientId(1);
        int studies = fixture.Archive.Studies.Count(s => s.First.PatientId == patient);
        Assert.Equal(4, studies);
        var result = Peer.Run("gdcmscu", "-D", "--find", "--call", "OSPREY", "--studyroot", "--study", "--key", $"10,20={patient}", "--key", "20,d=",
            "127.0.0.1", fixture.Server.Port.ToString(CultureInfo.InvariantCulture));
        output.WriteLine($"gdcmscu against Osprey: exit {result.ExitCode}, {Pending(result.Output)} pending status lines, {Success(result.Output)} success status lines");
        Assert.Contains("PDU code: 2", result.Output); // A-ASSOCIATE-AC
        Assert.Contains("C-Find was successful.", result.Output);
        // gdcmscu -D prints each response's command twice.
        Assert.True(Pending(result.Output) == 2 * studies, $"expected {studies} pending responses:\n{result}");
        Assert.Equal(2, Success(result.Output));
        await fixture.Server.WaitForLogLineAsync("association peer=", "calling=\"GDCMSCU\"", "requests=\"C-FIND=1\"");

        // Control: the same query of one study held by DCMTK's dcmqrscp.
        var control = RunAgainstDcmqrscp(patient);
        output.WriteLine($"gdcmscu against dcmqrscp: exit {control.ExitCode}, {Pending(control.Output)} pending status lines");
        Assert.Contains("C-Find was successful.", control.Output);
        Assert.Equal(2, Pending(control.Output));
        Assert.True(control.ExitCode == result.ExitCode, $"gdcmscu ends differently against Osprey ({result.ExitCode}) and dcmqrscp ({control.ExitCode}):\n{result}\n---\n{control}");
    }

    private Peer.Result RunAgainstDcmqrscp(string patient)
    {
        var dcmqrscp = Dcmqrscp.StartAsync("DCMQRSCP", Path.Combine(fixture.WorkDirectory, "dcmqrscp", "storage")).GetAwaiter().GetResult();
        int port = dcmqrscp.Port;
        try
        {
            var one = fixture.Archive.Instances.First(i => i.PatientId == patient);
            var store = Peer.Run("storescu", "-aec", "DCMQRSCP", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), one.Source);
            Assert.True(store.ExitCode == 0, store.ToString());
            return Peer.Run("gdcmscu", "-D", "--find", "--call", "DCMQRSCP", "--studyroot", "--study", "--key", $"10,20={patient}", "--key", "20,d=",
                "127.0.0.1", port.ToString(CultureInfo.InvariantCulture));
        }
        finally
        {
            dcmqrscp.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [Fact]
    public void Gdcmscu_move_of_a_study_to_itself_writes_every_instance_with_the_same_values()
    {
        var study = S.StudyUid(0);
        var expected = fixture.Archive.Instances.Where(i => i.StudyUid == study).ToList();
        Assert.Equal(5, expected.Count);
        var folder = Path.Combine(fixture.WorkDirectory, "gdcmscu-move");
        Directory.CreateDirectory(folder);
        var result = Peer.Run("gdcmscu", "--move", "--call", "OSPREY", "--aetitle", "GDCMSCU", "--port-scp", fixture.GdcmPort.ToString(CultureInfo.InvariantCulture),
            "-o", folder, "--studyroot", "--study", "--key", $"20,d={study}", "127.0.0.1", fixture.Server.Port.ToString(CultureInfo.InvariantCulture));
        output.WriteLine($"gdcmscu --move: exit {result.ExitCode}\n{result.Output}");
        var written = Directory.EnumerateFiles(folder).Select(Part10.Read).ToDictionary(p => p.SopInstanceUid, StringComparer.Ordinal);
        Assert.True(written.Count == expected.Count && expected.All(e => written.ContainsKey(e.SopUid)),
            $"gdcmscu wrote [{string.Join(", ", written.Keys)}]; expected [{string.Join(", ", expected.Select(e => e.SopUid))}]\n{result}");
        foreach (var instance in expected)
        {
            var compare = JsonNode.Parse(QrPython.Run("values", instance.Source, written[instance.SopUid].Path))!.AsObject();
            Assert.True(compare["Differences"]!.AsArray().Count == 0, $"{instance.SopUid}: element values differ:\n{compare["Differences"]}");
        }
        Assert.Contains("calling=\"GDCMSCU\"", fixture.Server.Output);
    }
}
