using System.Text;
using Osprey.DictionaryGen;

// dotnet run --project tools/Osprey.DictionaryGen -- [--check]
//   writes src/Osprey.Dicom/Dictionary/*.g.cs from tools/Osprey.DictionaryGen/data/*.json;
//   with --check, writes nothing and exits with 1 when the committed files differ from what it would write.

bool check = false;
foreach (var arg in args)
{
    switch (arg)
    {
        case "--check":
            check = true;
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: dotnet run --project tools/Osprey.DictionaryGen -- [--check]");
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument '{arg}'; usage: dotnet run --project tools/Osprey.DictionaryGen -- [--check]");
            return 2;
    }
}

var root = DictionaryGenerator.FindRepositoryRoot(Environment.CurrentDirectory)
    ?? DictionaryGenerator.FindRepositoryRoot(AppContext.BaseDirectory);
if (root is null)
{
    Console.Error.WriteLine("Cannot find the repository root (the folder holding Osprey.slnx) above the current directory or the tool.");
    return 2;
}

IReadOnlyDictionary<string, string> files;
try
{
    files = DictionaryGenerator.GenerateFromRepository(root);
}
catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or IOException)
{
    Console.Error.WriteLine($"Cannot generate the dictionary: {e.Message}");
    return 1;
}

var problems = DictionaryGenerator.FindDifferences(root, files);
if (check)
{
    foreach (var p in problems) Console.Error.WriteLine(p);
    if (problems.Count > 0)
    {
        Console.Error.WriteLine($"Regenerate with: {DictionaryGenerator.RegenerateCommand}");
        return 1;
    }
    Console.WriteLine($"{files.Count} generated files in {DictionaryGenerator.OutputDirectory} are up to date.");
    return 0;
}

var outDir = Path.Combine(root, DictionaryGenerator.OutputDirectory);
Directory.CreateDirectory(outDir);
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
foreach (var (name, content) in files)
{
    var path = Path.Combine(outDir, name);
    if (File.Exists(path) && File.ReadAllText(path, utf8) == content) continue;
    File.WriteAllText(path, content, utf8);
    Console.WriteLine($"wrote {DictionaryGenerator.OutputDirectory}/{name}");
}
foreach (var path in Directory.GetFiles(outDir, "*.g.cs"))
{
    if (files.ContainsKey(Path.GetFileName(path))) continue;
    File.Delete(path);
    Console.WriteLine($"deleted stale {DictionaryGenerator.OutputDirectory}/{Path.GetFileName(path)}");
}
Console.WriteLine($"{files.Count} generated files in {DictionaryGenerator.OutputDirectory} are up to date.");
return 0;
