using Osprey.Server.Cli;
using Osprey.Server.Tests.Settings;

namespace Osprey.Server.Tests.Cli;

/// <summary><c>osprey verify</c> checks the index the settings name, and creates nothing where there is none.</summary>
public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_data_directory_without_an_index_is_one_problem_and_is_left_as_it_was()
    {
        var data = Path.Combine(_dir.Path, "no-archive");
        var output = new StringWriter();
        Assert.Equal(1, await VerifyCommand.RunAsync(data, [], output, output, CancellationToken.None));
        Assert.Equal([$"osprey verify: no archive index at {Path.Combine(data, "index", "osprey.db")}", "0 instances, 1 problems"],
            output.ToString().TrimEnd().Split(Environment.NewLine));
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task The_provider_comes_from_the_settings()
    {
        File.WriteAllText(_dir.SettingsFile, """{ "Index": { "Provider": "postgresql" } }""");
        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.Equal(1, await VerifyCommand.RunAsync(_dir.Path, [], output, errors, CancellationToken.None));
        Assert.Equal("osprey verify: Index:Provider: must be one of sqlite (got \"postgresql\")", errors.ToString().TrimEnd());

        Assert.Equal(1, await VerifyCommand.RunAsync(_dir.Path, ["--Index:Provider=sqlite"], output, errors, CancellationToken.None));
        Assert.Contains("no archive index at", output.ToString());
    }
}
