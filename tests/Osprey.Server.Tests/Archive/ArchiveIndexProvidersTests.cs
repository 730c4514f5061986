using Osprey.Server.Archive;
using Osprey.Server.Settings;
using Osprey.Server.Tests.Settings;

namespace Osprey.Server.Tests.Archive;

/// <summary>The index is opened through one factory, chosen by <c>Index:Provider</c>.</summary>
public sealed class ArchiveIndexProvidersTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_default_provider_is_the_embedded_database_in_the_data_directory()
    {
        var provider = ArchiveIndexProviders.For(new IndexSettings());
        var expected = Path.Combine(_dir.Path, "index", "osprey.db");
        Assert.Equal(expected, provider.Location(_dir.Path));
        Assert.False(provider.Exists(_dir.Path));

        await using (var index = ArchiveLocation.OpenIndex(_dir.Path, new IndexSettings()))
            Assert.Equal(0, await index.CountInstancesAsync());

        Assert.True(provider.Exists(_dir.Path));
        Assert.True(File.Exists(expected));
    }

    [Fact]
    public void A_provider_that_does_not_exist_is_named_with_its_key()
    {
        var e = Assert.Throws<SettingsException>(() => ArchiveIndexProviders.For(new IndexSettings { Provider = "postgresql" }));
        Assert.Equal("Index:Provider: must be one of sqlite (got \"postgresql\")", e.Message);
    }
}
