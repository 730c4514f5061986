using System.Diagnostics;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.QueryRetrieve;

/// <summary>
/// The archive the C-FIND tests query, built once per test class: the 1,000 synthetic instances of
/// <see cref="SyntheticArchive"/> and python3-pydicom's test_files and charset_files (those
/// <see cref="QrArchive.SelectPydicomFiles"/> keeps), imported with the real <c>osprey import</c>, then
/// served by <c>osprey serve</c> with four devices whose overrides change how their queries match:
/// CASESENS (Dicom:CaseSensitiveQueries true), NOEMPTY (Dicom:EmptyMatching false), CASENOEMPTY (both)
/// and LIMITED (Dicom:QueryRetrieveLimit 7). Other calling AE titles (FINDSCU) get the defaults:
/// case-insensitive, empty matching on, limit 1000.
/// </summary>
public sealed class FindArchiveFixture : IAsyncLifetime
{
    public const int Limit = 7;

    public static readonly IReadOnlyDictionary<string, MatchOptions> Devices = new Dictionary<string, MatchOptions>(StringComparer.Ordinal)
    {
        ["FINDSCU"] = new(CaseSensitive: false, EmptyMatching: true),
        ["CASESENS"] = new(CaseSensitive: true, EmptyMatching: true),
        ["NOEMPTY"] = new(CaseSensitive: false, EmptyMatching: false),
        ["CASENOEMPTY"] = new(CaseSensitive: true, EmptyMatching: false),
        ["LIMITED"] = new(CaseSensitive: false, EmptyMatching: true),
    };

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("osprey-qr-find-").FullName;
    public QrArchive Archive { get; private set; } = null!;
    public OspreyServer Server { get; private set; } = null!;
    public TimeSpan BuildTime { get; private set; }

    public Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        var data = Path.Combine(WorkDirectory, "data");
        Directory.CreateDirectory(data);
        var synthetic = SyntheticArchive.Instances(Path.Combine(WorkDirectory, "synthetic"));
        SyntheticArchive.Write(synthetic);
        var (chosen, leftOut) = QrArchive.SelectPydicomFiles();
        Archive = QrArchive.Import(data, synthetic, chosen, leftOut);
        File.WriteAllText(Path.Combine(data, "settings.json"), $$"""
            {
              "Dicom": { "StorageAeTitle": "OSPREY" },
              "Devices": [
                { "AeTitle": "CASESENS", "Host": "127.0.0.1", "Port": 9, "Overrides": { "CaseSensitiveQueries": true } },
                { "AeTitle": "NOEMPTY", "Host": "127.0.0.1", "Port": 9, "Overrides": { "EmptyMatching": false } },
                { "AeTitle": "CASENOEMPTY", "Host": "127.0.0.1", "Port": 9, "Overrides": { "CaseSensitiveQueries": true, "EmptyMatching": false } },
                { "AeTitle": "LIMITED", "Host": "127.0.0.1", "Port": 9, "Overrides": { "QueryRetrieveLimit": {{Limit}} } }
              ]
            }
            """);
        Server = OspreyServer.WithData(data);
        BuildTime = clock.Elapsed;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
