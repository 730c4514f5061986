using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Server.Archive;
using Osprey.Server.Settings;

namespace Osprey.Interop.Tests.Support;

/// <summary>What a user checks after a C-STORE run: each sent instance is indexed under its study and its file holds the data set bytes that were sent.</summary>
public static class StoredChecks
{
    public static async Task AssertStoredIntact(string dataDirectory, IReadOnlyList<SyntheticCt.Instance> instances, string sourceAeTitle = "STORESCU")
    {
        await using var index = ArchiveLocation.OpenIndex(dataDirectory, new IndexSettings());
        Assert.Equal(instances.Count, await index.CountInstancesAsync());
        var storage = ArchiveLocation.StorageDirectory(dataDirectory);
        foreach (var instance in instances)
        {
            var indexed = await index.FindInstanceAsync(instance.SopInstanceUid);
            Assert.NotNull(indexed);
            Assert.Equal(instance.StudyInstanceUid, indexed.StudyInstanceUid);
            Assert.Equal(sourceAeTitle, indexed.SourceAeTitle);
            var original = DicomFile.Open(instance.Path, new() { StopBeforeTag = DicomTags.PixelData });
            var stored = DicomFile.Open(Path.Combine(storage, indexed.File), new() { StopBeforeTag = DicomTags.PixelData });
            Assert.True(File.ReadAllBytes(instance.Path).AsSpan((int)original.DatasetOffset)
                .SequenceEqual(File.ReadAllBytes(Path.Combine(storage, indexed.File)).AsSpan((int)stored.DatasetOffset)), $"{instance.Path} stored differently");
        }
    }
}
