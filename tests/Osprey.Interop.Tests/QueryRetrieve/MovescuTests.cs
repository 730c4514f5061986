using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Osprey.Interop.Tests.Support;
using Xunit.Abstractions;
using S = Osprey.Interop.Tests.QueryRetrieve.SyntheticArchive;

namespace Osprey.Interop.Tests.QueryRetrieve;

/// <summary>
/// The C-MOVE SCP against DCMTK's movescu, with DCMTK storescp as the Move Destination (a configured
/// device): what arrives is every instance asked for, each data set byte for byte the file that was
/// imported (storescp +B writes what it received), or, where the destination only takes Explicit VR
/// Little Endian, the same element values transcoded; unknown and unreachable destinations fail as
/// PS3.4 C.4.2.1.5 says.
/// </summary>
[Collection(RetrieveCollection.Name)]
public sealed class MovescuTests(RetrieveArchiveFixture fixture, ITestOutputHelper output)
{
    private RetrieveChecks.MoveRun Move(string model, string destination, params string[] keys) => MoveAs("MOVESCU", model, destination, keys);

    private RetrieveChecks.MoveRun MoveAs(string callingAe, string model, string destination, params string[] keys)
    {
        string[] args = ["-d", model, "-aet", callingAe, "-aec", "OSPREY", "-aem", destination, .. keys.SelectMany(k => new[] { "-k", k }),
            "127.0.0.1", fixture.Server.Port.ToString(CultureInfo.InvariantCulture)];
        var result = Peer.Run("movescu", TimeSpan.FromMinutes(2), args);
        return RetrieveChecks.Parse(result);
    }

    private List<QrInstance> Synthetic(Func<QrInstance, bool> which) => [.. fixture.Archive.Instances.Where(i => i.Source.Contains("/synthetic/", StringComparison.Ordinal)).Where(which)];

    [Fact]
    public void Movescu_of_a_study_a_series_and_an_instance_delivers_each_data_set_unchanged()
    {
        var storescp = fixture.AllSyntaxes;
        string study = S.StudyUid(5), series = $"{S.StudyUid(5)}.2", sop = $"{S.StudyUid(5)}.3.2";

        RetrieveArchiveFixture.Clear(storescp);
        var run = Move("-S", "STORESCP", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={study}");
        var expected = Synthetic(i => i.StudyUid == study);
        Assert.True(run.Status == 0 && run.Completed == expected.Count && run.Failed == 0, run.ToString());
        RetrieveChecks.AssertArrivedIdentical(storescp.Directory, expected, "study move");

        RetrieveArchiveFixture.Clear(storescp);
        run = Move("-S", "STORESCP", "QueryRetrieveLevel=SERIES", $"StudyInstanceUID={study}", $"SeriesInstanceUID={series}");
        expected = Synthetic(i => i.SeriesUid == series);
        Assert.True(run.Status == 0 && run.Completed == expected.Count && run.Failed == 0, run.ToString());
        RetrieveChecks.AssertArrivedIdentical(storescp.Directory, expected, "series move");

        RetrieveArchiveFixture.Clear(storescp);
        run = Move("-S", "STORESCP", "QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={study}", $"SeriesInstanceUID={$"{S.StudyUid(5)}.3"}", $"SOPInstanceUID={sop}");
        expected = Synthetic(i => i.SopUid == sop);
        Assert.True(run.Status == 0 && run.Completed == 1 && run.Failed == 0, run.ToString());
        RetrieveChecks.AssertArrivedIdentical(storescp.Directory, expected, "instance move");
    }

    [Fact]
    public void Movescu_patient_root_of_a_patient_delivers_all_its_studies()
    {
        var storescp = fixture.AllSyntaxes;
        RetrieveArchiveFixture.Clear(storescp);
        var run = Move("-P", "STORESCP", "QueryRetrieveLevel=PATIENT", $"PatientID={S.PatientId(1)}");
        var expected = Synthetic(i => i.PatientId == S.PatientId(1));
        Assert.Equal(20, expected.Count);
        Assert.True(run.Status == 0 && run.Completed == 20 && run.Failed == 0, run.ToString());
        RetrieveChecks.AssertArrivedIdentical(storescp.Directory, expected, "patient move");
    }

    [Fact]
    public void Movescu_to_an_unknown_destination_fails_A801_and_sends_nothing()
    {
        RetrieveArchiveFixture.Clear(fixture.AllSyntaxes);
        var run = Move("-S", "NOSUCHAE", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={S.StudyUid(4)}");
        Assert.True(run.Status == 0xA801, run.ToString());
        Assert.Matches("Move Destination unknown|0xa801", run.Result.Output);
        Assert.Empty(Directory.EnumerateFiles(fixture.AllSyntaxes.Directory));
    }

    [Fact]
    public void Movescu_to_a_device_that_is_down_fails_every_sub_operation_then_the_server_still_serves()
    {
        var study = S.StudyUid(6);
        int instances = Synthetic(i => i.StudyUid == study).Count;
        var run = Move("-S", "DOWNDEV", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={study}");
        output.WriteLine($"retrieve archive built and served in {fixture.BuildTime.TotalSeconds:F1} s");
        output.WriteLine(run.ToString());
        Assert.True(run.Status == 0xA702, $"expected A702 (Refused: Out of resources - Unable to perform sub-operations): {run}");
        Assert.True(run.Failed == instances && (run.Completed ?? 0) == 0, $"expected {instances} failed sub-operations: {run}");

        var echo = Peer.Run("echoscu", "-v", "-aec", "OSPREY", "127.0.0.1", fixture.Server.Port.ToString(CultureInfo.InvariantCulture));
        Assert.True(echo.ExitCode == 0 && echo.Output.Contains("Received Echo Response (Success)", StringComparison.Ordinal), echo.ToString());
        RetrieveArchiveFixture.Clear(fixture.AllSyntaxes);
        var again = Move("-S", "STORESCP", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={study}");
        Assert.True(again.Status == 0 && again.Completed == instances, again.ToString());
        RetrieveChecks.AssertArrivedIdentical(fixture.AllSyntaxes.Directory, Synthetic(i => i.StudyUid == study), "move after the failed one");
    }

    /// <summary>SETTINGS.md: a C-MOVE matching more entities than Dicom:QueryRetrieveLimit is refused (A702) before anything is sent.</summary>
    [Fact]
    public void Movescu_matching_more_studies_than_the_requestors_limit_is_refused_A702_and_sends_nothing()
    {
        RetrieveArchiveFixture.Clear(fixture.AllSyntaxes);
        var three = $"StudyInstanceUID={S.StudyUid(0)}\\{S.StudyUid(1)}\\{S.StudyUid(2)}";
        var run = MoveAs("LIMITED", "-S", "STORESCP", "QueryRetrieveLevel=STUDY", three);
        Assert.True(run.Status == 0xA702, $"expected A702 for 3 studies with a limit of 2: {run}");
        Assert.Empty(Directory.EnumerateFiles(fixture.AllSyntaxes.Directory));

        var two = $"StudyInstanceUID={S.StudyUid(0)}\\{S.StudyUid(1)}";
        run = MoveAs("LIMITED", "-S", "STORESCP", "QueryRetrieveLevel=STUDY", two);
        var expected = Synthetic(i => i.StudyUid == S.StudyUid(0) || i.StudyUid == S.StudyUid(1));
        Assert.True(run.Status == 0 && run.Completed == expected.Count, $"2 studies with a limit of 2: {run}");
        RetrieveChecks.AssertArrivedIdentical(fixture.AllSyntaxes.Directory, expected, "move of two studies at the limit");
    }

    [Fact]
    public void Movescu_of_compressed_instances_delivers_them_in_their_stored_transfer_syntax()
    {
        var storescp = fixture.AllSyntaxes;
        foreach (var file in new[] { RetrieveArchiveFixture.Jpeg, RetrieveArchiveFixture.Jpeg2000 })
        {
            var instance = fixture.Pydicom(file);
            RetrieveArchiveFixture.Clear(storescp);
            var run = Move("-S", "STORESCP", "QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={instance.StudyUid}", $"SeriesInstanceUID={instance.SeriesUid}", $"SOPInstanceUID={instance.SopUid}");
            Assert.True(run.Status == 0 && run.Completed == 1, $"{file}: {run}");
            RetrieveChecks.AssertArrivedIdentical(storescp.Directory, [instance], file);
        }
    }

    [Fact]
    public void Movescu_to_an_explicit_little_endian_only_destination_transcodes_big_endian_and_implicit_with_the_same_values()
    {
        var storescp = fixture.LittleEndianOnly;
        foreach (var file in new[] { RetrieveArchiveFixture.BigEndian, RetrieveArchiveFixture.Implicit })
        {
            var instance = fixture.Pydicom(file);
            RetrieveArchiveFixture.Clear(storescp);
            var run = Move("-S", "LEONLY", "QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={instance.StudyUid}", $"SeriesInstanceUID={instance.SeriesUid}", $"SOPInstanceUID={instance.SopUid}");
            Assert.True(run.Status == 0 && run.Completed == 1, $"{file}: {run}");
            var arrived = Directory.EnumerateFiles(storescp.Directory).Select(Part10.Read).ToList();
            Assert.True(arrived.Count == 1 && arrived[0].SopInstanceUid == instance.SopUid, $"{file}: {arrived.Count} files arrived");
            Assert.Equal("1.2.840.10008.1.2.1", arrived[0].TransferSyntaxUid);
            var compare = JsonNode.Parse(QrPython.Run("values", instance.Source, arrived[0].Path))!.AsObject();
            output.WriteLine($"{file}: {compare["A"]} -> {compare["B"]}, {compare["Elements"]} elements compared");
            Assert.True(compare["Differences"]!.AsArray().Count == 0, $"{file}: element values differ after transcoding:\n{compare["Differences"]}");
        }
    }
}

/// <summary>What movescu and getscu report, and whether what arrived is what was stored.</summary>
public static class RetrieveChecks
{
    /// <summary>One movescu run: its output, the final response's status and sub-operation counts.</summary>
    public sealed record MoveRun(Peer.Result Result, ushort? Status, int? Completed, int? Failed, int? Warning)
    {
        public override string ToString() => $"status {Status:X4}, completed {Completed}, failed {Failed}, warning {Warning}\n{Result}";
    }

    /// <summary>The status and counts of the last response in a movescu (or getscu) <c>-d</c> log.</summary>
    public static MoveRun Parse(Peer.Result result)
    {
        var output = result.Output;
        int last = output.LastIndexOf("DIMSE Status", StringComparison.Ordinal);
        if (last < 0) return new MoveRun(result, null, null, null, null);
        int start = output.LastIndexOf("INCOMING DIMSE MESSAGE", last, StringComparison.Ordinal);
        var block = output[Math.Max(0, start)..];
        block = block[..(block.IndexOf("END DIMSE MESSAGE", StringComparison.Ordinal) is > 0 and var end ? end : block.Length)];
        int? Count(string name) => Regex.Match(block, $@"{name} Suboperations\s*: (\d+)") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var status = Regex.Match(block, @"DIMSE Status\s*: 0x([0-9a-fA-F]{4})");
        return new MoveRun(result, status.Success ? Convert.ToUInt16(status.Groups[1].Value, 16) : null, Count("Completed"), Count("Failed"), Count("Warning"));
    }

    /// <summary>
    /// Checks that <paramref name="folder"/> holds exactly <paramref name="expected"/>, each with the transfer
    /// syntax it was stored in and the data set bytes of the file that was imported.
    /// </summary>
    public static void AssertArrivedIdentical(string folder, IReadOnlyList<QrInstance> expected, string what)
    {
        var received = Directory.EnumerateFiles(folder).Select(Part10.Read).ToList();
        var byUid = received.ToDictionary(r => r.SopInstanceUid, StringComparer.Ordinal);
        var missing = expected.Where(e => !byUid.ContainsKey(e.SopUid)).Select(e => e.SopUid).ToList();
        var extra = received.Select(r => r.SopInstanceUid).Except(expected.Select(e => e.SopUid)).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && received.Count == expected.Count,
            $"{what}: {received.Count} files arrived for {expected.Count} instances; missing [{string.Join(", ", missing)}], not asked for [{string.Join(", ", extra)}]");
        foreach (var instance in expected)
        {
            var original = Part10.Read(instance.Source);
            var arrived = byUid[instance.SopUid];
            Assert.True(original.TransferSyntaxUid == arrived.TransferSyntaxUid,
                $"{what}: {instance.SopUid} arrived in {arrived.TransferSyntaxUid}, stored in {original.TransferSyntaxUid}");
            if (!original.DataSet.AsSpan().SequenceEqual(arrived.DataSet))
            {
                int at = original.DataSet.AsSpan().CommonPrefixLength(arrived.DataSet);
                Assert.Fail($"{what}: the data set of {instance.SopUid} differs from the imported file {instance.Source} at byte {at} " +
                            $"(lengths {original.DataSet.Length} and {arrived.DataSet.Length})");
            }
        }
    }

}
