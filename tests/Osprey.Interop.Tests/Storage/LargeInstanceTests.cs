using System.Text.RegularExpressions;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Interop.Tests.Support;
using Osprey.Server.Archive;
using Osprey.Server.Settings;
using Xunit.Abstractions;

namespace Osprey.Interop.Tests.Storage;

/// <summary>A 2 GB instance streams to disk: the server never holds it in memory.</summary>
public sealed class LargeInstanceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_2_GB_instance_is_stored_intact_with_the_server_peak_working_set_under_300_MB()
    {
        var source = Directory.CreateTempSubdirectory("osprey-2gb-src-").FullName;
        var data = Directory.CreateTempSubdirectory("osprey-2gb-data-").FullName;
        try
        {
            var path = Path.Combine(source, "big.dcm");
            var sop = WriteLargeCt(path, frames: 4096); // 512 × 512 × 2 bytes × 4096 frames = 2 GiB of pixels
            long peakKb;
            using (var server = OspreyProcess.Start("serve", "--data", data, "--Dicom:BindAddress=127.0.0.1", $"--Dicom:TcpPort={OspreyServer.FreePort()}"))
            {
                int port = server.WaitForListeningPort();
                var run = Storescu.Send(port, [path], timeout: TimeSpan.FromMinutes(8));
                Assert.True(run.Files.Values.Single().Succeeded, run.Result.ToString());
                // VmHWM: the process's peak resident set size since it started.
                var status = File.ReadAllText($"/proc/{server.Process.Id}/status");
                peakKb = long.Parse(Regex.Match(status, @"VmHWM:\s+(\d+) kB").Groups[1].Value);
            }
            output.WriteLine($"osprey serve peak working set (VmHWM) while storing a 2 GiB instance: {peakKb / 1024} MB");
            Assert.True(peakKb < 300 * 1024, $"peak working set {peakKb / 1024} MB");

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
        }
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
