using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.QueryRetrieve;

/// <summary>Runs <c>qr_pydicom.py</c> (next to this file) with Debian's python3-pydicom.</summary>
public static class QrPython
{
    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo(PydicomFiles.PythonPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        psi.ArgumentList.Add(ScriptPath());
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"qr_pydicom.py {args[0]} did not finish");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"qr_pydicom.py {args[0]} exited with {process.ExitCode}:\n{stderr.Result}\n{stdout.Result}");
        return stdout.Result;
    }

    /// <summary>Runs a command whose first argument is an output JSON file, and returns that file parsed.</summary>
    public static JsonObject RunToJson(string command, IEnumerable<string> args)
    {
        var output = Path.Combine(Path.GetTempPath(), $"osprey-qr-{Guid.NewGuid():N}.json");
        try
        {
            Run([command, output, .. args]);
            return JsonNode.Parse(File.ReadAllText(output))!.AsObject();
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>The query attributes of each file as pydicom reads them.</summary>
    public static Dictionary<string, JsonObject> Attributes(IEnumerable<string> files)
        => RunToJson("attrs", files).ToDictionary(p => p.Key, p => p.Value!.AsObject(), StringComparer.Ordinal);

    private static string ScriptPath([CallerFilePath] string thisFile = "")
    {
        var next = Path.Combine(Path.GetDirectoryName(thisFile) ?? ".", "qr_pydicom.py");
        if (File.Exists(next)) return next;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Osprey.Interop.Tests", "QueryRetrieve", "qr_pydicom.py");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("qr_pydicom.py not found next to " + thisFile);
    }
}
