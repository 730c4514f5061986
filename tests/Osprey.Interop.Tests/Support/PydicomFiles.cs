using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Osprey.Interop.Tests.Support;

/// <summary>
/// Access to the DICOM files shipped with Debian's python3-pydicom (2.3) and to
/// pydicom's DICOM JSON rendering of them (via <c>pydicom_json.py</c>).
/// Missing peers are a test failure, never a skip: <c>./test.sh</c> installs them.
/// </summary>
public static class PydicomFiles
{
    public const string PythonPath = "/usr/bin/python3";
    public const string DefaultDataDirectory = "/usr/lib/python3/dist-packages/pydicom/data";

    /// <summary>Key that <c>pydicom_json.py</c> writes instead of a dataset when pydicom fails.</summary>
    public const string ErrorKey = "__error__";

    /// <summary>Prefix of the BulkDataURI marker the script writes for every non-empty binary value.</summary>
    public const string BulkMarkerPrefix = "pydicom-bulk:length=";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);

    private static readonly Lazy<IReadOnlyDictionary<string, JsonObject>> AllResults =
        new(() => RunPydicomJson(TestFiles()), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>pydicom's data directory (holds test_files/ and charset_files/).</summary>
    /// <exception cref="InvalidOperationException">python3-pydicom is not installed.</exception>
    public static string DataDirectory
    {
        get
        {
            if (!Directory.Exists(Path.Combine(DefaultDataDirectory, "test_files")))
            {
                throw new InvalidOperationException(
                    $"pydicom test data not found at {DefaultDataDirectory}. Install the test peers " +
                    "(run ./test.sh as root, or: apt-get install -y --no-install-recommends python3-pydicom).");
            }
            return DefaultDataDirectory;
        }
    }

    /// <summary>
    /// Full paths of every <c>*.dcm</c> file under test_files/ and charset_files/
    /// (recursively), sorted ordinally by their path relative to <see cref="DataDirectory"/>.
    /// </summary>
    public static IReadOnlyList<string> TestFiles()
    {
        var data = DataDirectory;
        var files = new List<string>();
        foreach (var sub in new[] { "test_files", "charset_files" })
        {
            var dir = Path.Combine(data, sub);
            if (!Directory.Exists(dir))
            {
                throw new InvalidOperationException($"pydicom data folder missing: {dir}");
            }
            files.AddRange(Directory.EnumerateFiles(dir, "*.dcm", SearchOption.AllDirectories));
        }
        files.Sort(StringComparer.Ordinal);
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"no .dcm files found under {data}");
        }
        return files;
    }

    /// <summary>Path relative to <see cref="DataDirectory"/>, e.g. "test_files/CT_small.dcm" (for test names).</summary>
    public static string RelativeName(string path) =>
        Path.GetRelativePath(DefaultDataDirectory, path).Replace('\\', '/');

    /// <summary>pydicom's JSON for all of <see cref="TestFiles"/>, computed once per test run.</summary>
    public static IReadOnlyDictionary<string, JsonObject> AllTestFileResults => AllResults.Value;

    /// <summary>
    /// Runs <c>pydicom_json.py</c> once (with /usr/bin/python3) over <paramref name="files"/>
    /// and returns, for each path exactly as given, pydicom's
    /// <c>dcmread(f, force=True).to_json_dict()</c> — or <c>{"__error__": "..."}</c>
    /// when pydicom failed on that file (see <see cref="ErrorOf"/>).
    /// Binary values appear as <c>"BulkDataURI": "pydicom-bulk:length=N"</c>.
    /// </summary>
    public static Dictionary<string, JsonObject> RunPydicomJson(IEnumerable<string> files)
    {
        var list = files.ToList();
        var result = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (list.Count == 0)
        {
            return result;
        }
        foreach (var f in list)
        {
            if (!File.Exists(f))
            {
                throw new FileNotFoundException($"input DICOM file not found: {f}", f);
            }
        }
        if (!File.Exists(PythonPath))
        {
            throw new InvalidOperationException(
                $"{PythonPath} not found; install python3 and python3-pydicom (./test.sh does it as root).");
        }

        var script = ScriptPath();
        var outDir = Directory.CreateTempSubdirectory("osprey-pydicom-").FullName;
        try
        {
            var psi = new ProcessStartInfo(PythonPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
            psi.Environment["PYTHONIOENCODING"] = "utf-8";
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(outDir);
            foreach (var f in list)
            {
                psi.ArgumentList.Add(f);
            }

            using var process = Process.Start(psi)
                ?? throw new InvalidOperationException($"could not start {PythonPath}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ScriptTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"pydicom_json.py did not finish within {ScriptTimeout}");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"pydicom_json.py exited with {process.ExitCode}.\nstdout:\n{stdout.Result}\nstderr:\n{stderr.Result}");
            }

            var indexPath = Path.Combine(outDir, "index.json");
            var index = JsonNode.Parse(File.ReadAllText(indexPath))?.AsObject()
                ?? throw new InvalidOperationException("pydicom_json.py wrote an empty index.json");
            foreach (var f in list)
            {
                if (result.ContainsKey(f))
                {
                    continue;
                }
                var name = index[f]?.GetValue<string>()
                    ?? throw new InvalidOperationException($"pydicom_json.py produced no result for {f}");
                var text = File.ReadAllText(Path.Combine(outDir, name));
                try
                {
                    result[f] = JsonNode.Parse(text)?.AsObject()
                        ?? throw new InvalidOperationException($"null JSON for {f}");
                }
                catch (JsonException ex)
                {
                    throw new InvalidOperationException($"pydicom_json.py wrote invalid JSON for {f}: {ex.Message}", ex);
                }
            }
            return result;
        }
        finally
        {
            try
            {
                Directory.Delete(outDir, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a leftover temp folder is harmless
            }
        }
    }

    /// <summary>pydicom's error message if it failed on the file, else null.</summary>
    public static string? ErrorOf(JsonObject pydicomResult) =>
        pydicomResult.TryGetPropertyValue(ErrorKey, out var node) && node is not null
            ? node.ToString()
            : null;

    /// <summary>Absolute path of pydicom_json.py next to this source file (or found from the build output).</summary>
    public static string ScriptPath() => ScriptPathCore();

    private static string ScriptPathCore([CallerFilePath] string thisFile = "")
    {
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(thisFile))
        {
            candidates.Add(Path.Combine(Path.GetDirectoryName(thisFile) ?? ".", "pydicom_json.py"));
        }
        // Fallback: walk up from the test assembly to the repository root.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "Support", "pydicom_json.py"));
            candidates.Add(Path.Combine(dir.FullName, "tests", "Osprey.Interop.Tests", "Support", "pydicom_json.py"));
        }
        foreach (var c in candidates)
        {
            if (File.Exists(c))
            {
                return c;
            }
        }
        throw new FileNotFoundException(
            "pydicom_json.py not found; looked in:\n" + string.Join("\n", candidates));
    }
}
