using System.Text.RegularExpressions;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Interop.Tests.Support;
using Osprey.Server.Archive;
using Osprey.Server.Settings;
using Xunit.Abstractions;

namespace Osprey.Interop.Tests.Storage;

/// <summary>
/// A 2 GB instance streams both ways: stored by storescu, retrieved by DCMTK getscu and by Osprey's own
/// C-GET SCU (<c>osprey get</c>), and no Osprey process ever holds it in memory.
/// </summary>
public sealed class LargeInstanceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_2_GB_instance_is_stored_and_retrieved_by_getscu_and_osprey_get_intact_with_every_osprey_peak_working_set_under_300_MB()
    {
        var source = Directory.CreateTempSubdirectory("osprey-2gb-src-").FullName;
        var data = Directory.CreateTempSubdirectory("osprey-2gb-data-").FullName;
        var retrieved = Directory.CreateTempSubdirectory("osprey-2gb-get-").FullName;
        try
        {
            var path = Path.Combine(source, "big.dcm");
            var sop = WriteLargeCt(path, frames: 4096); // 512 × 512 × 2 bytes × 4096 frames = 2 GiB of pixels
            long peakKb;
            using (var server = OspreyProcess.Start("serve", "--data", data, "--Dicom:BindAddress=127.0.0.1", $"--Dicom:TcpPort={OspreyServer.FreePort()}", "--Web:Port=0"))
            {
                int port = server.WaitForListeningPort();
                var run = Storescu.Send(port, [path], timeout: TimeSpan.FromMinutes(8));
                Assert.True(run.Files.Values.Single().Succeeded, run.Result.ToString());
                // VmHWM: the process's peak resident set size since it started.
                peakKb = PeakKb(server.Process.Id);
                output.WriteLine($"osprey serve peak working set (VmHWM) after storing a 2 GiB instance: {peakKb / 1024} MB");
                Assert.True(peakKb < 300 * 1024, $"peak working set {peakKb / 1024} MB while storing");

                // DCMTK getscu retrieves it from Osprey (C-GET sub-operation on the same association).
                string study = DicomFile.Open(path, new() { StopBeforeTag = DicomTags.PixelData }).Dataset.GetString(DicomTags.StudyInstanceUID)!;
                var getscuDir = Directory.CreateDirectory(Path.Combine(retrieved, "getscu")).FullName;
                var get = Peer.Run("getscu", TimeSpan.FromMinutes(8), "-S", "-aec", "OSPREY", "-od", getscuDir,
                    "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study}", "127.0.0.1", port.ToString());
                Assert.True(get.ExitCode == 0, get.ToString());
                var got = Assert.Single(Directory.GetFiles(getscuDir));
                AssertSameDataSet(path, got, "getscu");
                peakKb = PeakKb(server.Process.Id);
                output.WriteLine($"osprey serve peak working set after sending it to getscu: {peakKb / 1024} MB");
                Assert.True(peakKb < 300 * 1024, $"peak working set {peakKb / 1024} MB while sending");
                File.Delete(got);

                // Osprey's own requestor receives it (osprey get, a process of its own, measured by its parent).
                var ospreyDir = Path.Combine(retrieved, "osprey");
                var measured = Peer.Run("/usr/bin/python3", TimeSpan.FromMinutes(8), "-c",
                    "import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; " +
                    "print('exit', rc, 'maxrss_kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
                    "dotnet", Path.Combine(AppContext.BaseDirectory, "osprey.dll"), "get", "--aec", "OSPREY", "--od", ospreyDir,
                    "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={study}", "127.0.0.1", port.ToString());
                var rusage = Regex.Match(measured.Output, @"exit (\d+) maxrss_kb (\d+)");
                Assert.True(rusage.Success && rusage.Groups[1].Value == "0", measured.ToString());
                long getPeakKb = long.Parse(rusage.Groups[2].Value);
                output.WriteLine($"osprey get peak working set while receiving the 2 GiB instance: {getPeakKb / 1024} MB");
                Assert.True(getPeakKb < 300 * 1024, $"osprey get peak working set {getPeakKb / 1024} MB");
                AssertSameDataSet(path, Assert.Single(Directory.GetFiles(ospreyDir)), "osprey get");
            }

            await using var index = ArchiveLocation.OpenIndex(data, new IndexSettings());
            var indexed = await index.FindInstanceAsync(sop);
            Assert.NotNull(indexed);
            var stored = Path.Combine(ArchiveLocation.StorageDirectory(data), indexed.File);
            var a = DicomFile.Open(path, new() { StopBeforeTag = DicomTags.PixelData });
            var b = DicomFile.Open(stored, new() { StopBeforeTag = DicomTags.PixelData });
            Assert.Equal(new FileInfo(path).Length - a.DatasetOffset, new FileInfo(stored).Length - b.DatasetOffset);
            Assert.True(SameBytes(path, a.DatasetOffset, stored, b.DatasetOffset), "the stored data set differs from the one sent");
        }
        finally
        {
            Directory.Delete(source, recursive: true);
            Directory.Delete(data, recursive: true);
            Directory.Delete(retrieved, recursive: true);
        }
    }

    private static long PeakKb(int pid) =>
        long.Parse(Regex.Match(File.ReadAllText($"/proc/{pid}/status"), @"VmHWM:\s+(\d+) kB").Groups[1].Value);

    private static void AssertSameDataSet(string sent, string received, string who)
    {
        var a = DicomFile.Open(sent, new() { StopBeforeTag = DicomTags.PixelData });
        var b = DicomFile.Open(received, new() { StopBeforeTag = DicomTags.PixelData });
        Assert.Equal(new FileInfo(sent).Length - a.DatasetOffset, new FileInfo(received).Length - b.DatasetOffset);
        Assert.True(SameBytes(sent, a.DatasetOffset, received, b.DatasetOffset), $"the data set {who} received differs from the one sent");
    }

    /// <summary>Writes a CT whose Pixel Data is streamed to the file in pieces (no 2 GB buffer).</summary>
    private static string WriteLargeCt(string path, int frames)
    {
        var header = SyntheticCt.Write(Path.GetDirectoryName(path)!, 1, studies: 1, rows: 2, columns: 2)[0];
        var file = DicomFile.Open(header.Path);
        File.Delete(header.Path);
        file.Dataset.Remove(DicomTags.PixelData);
        file.Dataset.AddOrUpdate<ushort>(DicomTags.Rows, DicomVR.US, 512);
        file.Dataset.AddOrUpdate<ushort>(DicomTags.Columns, DicomVR.US, 512);
        file.Dataset.AddOrUpdate(DicomTags.NumberOfFrames, frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        file.Save(stream);
        long length = 512L * 512 * 2 * frames;
        var element = new byte[12];
        new byte[] { 0xE0, 0x7F, 0x10, 0x00, (byte)'O', (byte)'W', 0, 0 }.CopyTo(element, 0); // (7FE0,0010) OW, reserved

        BitConverter.TryWriteBytes(element.AsSpan(8), (uint)length);
        stream.Write(element);
        var chunk = new byte[1 << 20];
        for (long written = 0; written < length; written += chunk.Length)
        {
            chunk.AsSpan(0, 8).Fill((byte)(written >> 20));
            stream.Write(chunk);
        }
        return header.SopInstanceUid;
    }

    private static bool SameBytes(string a, long aOffset, string b, long bOffset)
    {
        using var fa = File.OpenRead(a);
        using var fb = File.OpenRead(b);
        fa.Position = aOffset;
        fb.Position = bOffset;
        var ba = new byte[1 << 20];
        var bb = new byte[1 << 20];
        while (true)
        {
            int na = fa.ReadAtLeast(ba, ba.Length, throwOnEndOfStream: false);
            int nb = fb.ReadAtLeast(bb, bb.Length, throwOnEndOfStream: false);
            if (na != nb || !ba.AsSpan(0, na).SequenceEqual(bb.AsSpan(0, nb))) return false;
            if (na == 0) return true;
        }
    }
}
