using System.Text.RegularExpressions;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Interop.Tests.Support;
using Osprey.Server.Archive;
using Osprey.Server.Cli;
using Osprey.Server.Settings;

namespace Osprey.Interop.Tests.Storage;

/// <summary>
/// Nothing acknowledged is ever lost: a server killed with SIGKILL in the middle of a storescu run
/// still has every instance whose C-STORE response was success.
/// </summary>
public sealed partial class DurabilityTests
{
    [Fact]
    public async Task Killing_the_server_mid_run_loses_nothing_that_was_acknowledged()
    {
        var source = Directory.CreateTempSubdirectory("osprey-crash-src-").FullName;
        var data = Directory.CreateTempSubdirectory("osprey-crash-data-").FullName;
        try
        {
            var instances = SyntheticCt.Write(source, 500, studies: 3, rows: 256, columns: 256);
            var bySop = instances.ToDictionary(i => i.Path);
            var acknowledged = new List<string>();
            string log;
            using (var server = OspreyProcess.Start("serve", "--data", data, "--Dicom:BindAddress=127.0.0.1", $"--Dicom:TcpPort={OspreyServer.FreePort()}", "--Web:Port=0"))
            {
                int port = server.WaitForListeningPort();
                using var storescu = Storescu.Start(port, instances.Select(i => i.Path), "-v");
                var output = new System.Text.StringBuilder();
                // storescu logs to stderr; stdout only has its progress dots.
                var progress = storescu.StandardOutput.ReadToEndAsync();
                int successes = 0;
                bool killed = false;
                while (storescu.StandardError.ReadLine() is { } line)
                {
                    output.AppendLine(line);
                    if (!line.Contains("Received Store Response (Success)")) continue;
                    // Kill while instances are still arriving: some acknowledged, one in flight, the rest never sent.
                    if (++successes == 150 && !killed)
                    {
                        server.Process.Kill();
                        killed = true;
                    }
                }
                storescu.WaitForExit();
                Assert.True(killed, $"storescu finished before the server could be killed:\n{output}");
                await progress;
                log = output.ToString();
            }
            string? current = null;
            foreach (var line in log.Split('\n'))
            {
                if (SendingFile().Match(line) is { Success: true } m) current = m.Groups[1].Value.Trim();
                else if (line.Contains("Received Store Response (Success)") && current != null) acknowledged.Add(current);
            }
            Assert.InRange(acknowledged.Count, 150, 499);

            // Start again on the same data: leftovers of the interrupted receive are cleared, everything acknowledged is there.
            using (var restarted = OspreyProcess.Start("serve", "--data", data, "--Dicom:BindAddress=127.0.0.1", $"--Dicom:TcpPort={OspreyServer.FreePort()}", "--Web:Port=0"))
            {
                restarted.WaitForListeningPort();
                await using var index = ArchiveLocation.OpenIndex(data, new IndexSettings());
                var storage = ArchiveLocation.StorageDirectory(data);
                foreach (var path in acknowledged)
                {
                    var indexed = await index.FindInstanceAsync(bySop[path].SopInstanceUid);
                    Assert.True(indexed != null, $"{path} was acknowledged but is not indexed after the crash");
                    var stored = DicomFile.Open(Path.Combine(storage, indexed!.File));
                    var original = DicomFile.Open(path);
                    Assert.True(File.ReadAllBytes(path).AsSpan((int)original.DatasetOffset).SequenceEqual(File.ReadAllBytes(Path.Combine(storage, indexed.File)).AsSpan((int)stored.DatasetOffset)),
                        $"{path}: stored data set differs after the crash");
                }
            }
            var verify = OspreyProcess.Run("verify", "--data", data);
            Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);
            Assert.Matches(@"\d+ instances, 0 problems", verify.StandardOutput);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_full_disk_refuses_with_A700_keeps_serving_and_recovers_when_space_is_freed()
    {
        var source = Directory.CreateTempSubdirectory("osprey-full-src-").FullName;
        var volume = Directory.CreateTempSubdirectory("osprey-full-vol-").FullName;
        var mount = Peer.Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", volume);
        Assert.True(mount.ExitCode == 0, $"this test needs a small file system (tmpfs) and so root: {mount}");
        try
        {
            var instances = SyntheticCt.Write(source, 40, studies: 2);
            var data = Path.Combine(volume, "data");
            await using (var server = OspreyServer.WithData(data))
            {
                var first = Storescu.Send(server.Port, instances.Select(i => i.Path));
                var succeeded = first.Files.Values.Where(f => f.Succeeded).ToList();
                var refused = first.Files.Values.Where(f => !f.Succeeded).ToList();
                Assert.True(succeeded.Count > 0 && refused.Count > 0, $"expected some stored and some refused:\n{first.Result}");
                foreach (var r in refused)
                {
                    Assert.Equal((ushort)0xA700, r.Status);
                    Assert.Contains("Out of resources", r.ErrorComment);
                }
                // Still serving.
                Assert.Equal(0, Peer.Run("echoscu", "-aec", "OSPREY", "127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode);
                var verify = new StringWriter();
                Assert.True(await VerifyCommand.RunAsync(data, [], verify, verify, CancellationToken.None) == 0, verify.ToString());
                Assert.Contains($"{succeeded.Count} instances, 0 problems", verify.ToString());

                // More space: what was refused is accepted now.
                Assert.Equal(0, Peer.Run("mount", "-o", "remount,size=64m", volume).ExitCode);
                var again = Storescu.Send(server.Port, refused.Select(r => r.File));
                Assert.True(again.Files.Values.All(f => f.Succeeded), again.Result.ToString());
                verify = new StringWriter();
                Assert.True(await VerifyCommand.RunAsync(data, [], verify, verify, CancellationToken.None) == 0, verify.ToString());
                Assert.Contains("40 instances, 0 problems", verify.ToString());
            }
        }
        finally
        {
            Peer.Run("umount", "-l", volume);
            Directory.Delete(volume, recursive: true);
            Directory.Delete(source, recursive: true);
        }
    }

    [Fact]
    public async Task A_sender_killed_in_the_middle_of_an_instance_leaves_nothing_behind()
    {
        var source = Directory.CreateTempSubdirectory("osprey-cut-src-").FullName;
        try
        {
            // One instance of about 260 MB, so it is still arriving when the sender dies.
            var instance = SyntheticCt.Write(source, 1, studies: 1, rows: 512, columns: 512)[0];
            var file = DicomFile.Open(instance.Path);
            file.Dataset.AddOrUpdate(DicomTags.NumberOfFrames, "500");
            file.Dataset.AddOrUpdate(new Osprey.Dicom.Data.DicomValueElement(DicomTags.PixelData, Osprey.Dicom.Data.DicomVR.OW, new byte[512 * 512 * 2 * 500]));
            file.Save(instance.Path);

            await using var server = new OspreyServer();
            var incoming = Path.Combine(ArchiveLocation.StorageDirectory(server.DataDirectory), ".incoming");
            using (var storescu = Storescu.Start(server.Port, [instance.Path]))
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (!Directory.EnumerateFiles(incoming).Any(f => new FileInfo(f).Length > 1_000_000))
                {
                    Assert.True(DateTime.UtcNow < deadline && !storescu.HasExited, "the instance never started arriving");
                    await Task.Delay(5);
                }
                storescu.Kill();
                storescu.WaitForExit();
            }

            // The connection drops mid-data-set: the partial file goes, nothing is indexed, the server serves on.
            var settled = DateTime.UtcNow.AddSeconds(10);
            while (Directory.EnumerateFiles(incoming).Any() && DateTime.UtcNow < settled) await Task.Delay(20);
            Assert.Empty(Directory.EnumerateFiles(incoming));
            Assert.Empty(Directory.EnumerateFiles(ArchiveLocation.StorageDirectory(server.DataDirectory), "*.dcm", SearchOption.AllDirectories));
            Assert.Equal(0, Peer.Run("echoscu", "-aec", "OSPREY", "127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ExitCode);
            var verify = new StringWriter();
            Assert.Equal(0, await VerifyCommand.RunAsync(server.DataDirectory, [], verify, verify, CancellationToken.None));
            Assert.Contains("0 instances, 0 problems", verify.ToString());
        }
        finally
        {
            Directory.Delete(source, recursive: true);
        }
    }

    [GeneratedRegex(@"Sending file: (.+)$")]
    private static partial Regex SendingFile();
}
