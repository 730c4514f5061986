using System.Net;
using Osprey.Interop.Tests.Support;
using Osprey.Server.Archive;
using Osprey.Server.Settings;

namespace Osprey.Interop.Tests.Web;

/// <summary>
/// The studies page (issue 11, point 5): a study storescu sent is found by patient ID (and by the
/// other keys, as C-FIND matches them), its page lists its instances, and an instance downloads as
/// the stored Part 10 file.
/// </summary>
public sealed class StudiesPageTests
{
    [Fact]
    public async Task A_stored_study_is_found_by_patient_id_and_its_instance_downloads_as_the_stored_file()
    {
        await using var server = OspreyServer.WithWeb();
        var files = SyntheticCt.Write(Path.Combine(server.DataDirectory, "to-send"), 4, studies: 2, rows: 16, columns: 16);
        var run = Storescu.Send(server.Port, files.Select(f => f.Path));
        Assert.True(run.Files.Values.All(f => f.Succeeded), run.Result.Output);
        var wanted = files[1];
        var other = files[0];

        using var session = await WebSession.LoginAsync(server);
        var found = await session.Client.GetStringAsync($"/studies?PatientId={wanted.PatientId}");
        Assert.Contains("1 study", found);
        Assert.Contains($"/studies/{wanted.StudyInstanceUid}\"", found);
        Assert.DoesNotContain($"/studies/{other.StudyInstanceUid}\"", found);

        // The other keys, as C-FIND matches them: a name prefix, a date range, the modality.
        var byName = await session.Client.GetStringAsync("/studies?PatientName=synthetic&DateFrom=2024-01-01&DateTo=2024-12-31&Modality=CT");
        Assert.Contains("2 studies", byName);
        Assert.Contains("0 studies", await session.Client.GetStringAsync("/studies?PatientId=NOBODY&search=1"));

        var study = await session.Client.GetStringAsync($"/studies/{wanted.StudyInstanceUid}");
        foreach (var instance in files.Where(f => f.StudyInstanceUid == wanted.StudyInstanceUid))
            Assert.Contains($"/instances/{instance.SopInstanceUid}/file\"", study);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync("/studies/1.2.3.4.5.6")).StatusCode);

        var download = await session.Client.GetAsync($"/studies/{wanted.StudyInstanceUid}/instances/{wanted.SopInstanceUid}/file");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/dicom", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length > 132 && bytes.AsSpan(128, 4).SequenceEqual("DICM"u8), "no 128-byte preamble and DICM prefix");

        await using var index = ArchiveLocation.OpenIndex(server.DataDirectory, new IndexSettings());
        var indexed = await index.FindInstanceAsync(wanted.SopInstanceUid);
        Assert.NotNull(indexed);
        var stored = await File.ReadAllBytesAsync(Path.Combine(ArchiveLocation.StorageDirectory(server.DataDirectory), indexed.File));
        Assert.Equal(stored, bytes);

        // An instance under another study's URL is not found; nor is anything without a session.
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync($"/studies/{other.StudyInstanceUid}/instances/{wanted.SopInstanceUid}/file")).StatusCode);
        using var anonymous = WebSession.Anonymous(server);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.Client.GetAsync($"/studies/{wanted.StudyInstanceUid}/instances/{wanted.SopInstanceUid}/file")).StatusCode);
    }
}
