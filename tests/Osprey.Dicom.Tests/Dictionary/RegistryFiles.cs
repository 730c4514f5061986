using System.Runtime.CompilerServices;
using System.Text.Json;
using Osprey.DictionaryGen;

namespace Osprey.Dicom.Tests.Dictionary;

/// <summary>Finds the repository and reads the registry JSON that the generator works from.</summary>
internal static class RegistryFiles
{
    public static string RepositoryRoot => s_root.Value;

    private static readonly Lazy<string> s_root = new(() =>
        DictionaryGenerator.FindRepositoryRoot(Path.GetDirectoryName(ThisFile()))
        ?? DictionaryGenerator.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? DictionaryGenerator.FindRepositoryRoot(Environment.CurrentDirectory)
        ?? throw new InvalidOperationException("Cannot find the repository root (the folder holding Osprey.slnx)."));

    private static string ThisFile([CallerFilePath] string path = "") => path;

    public static string ReadData(string fileName) =>
        File.ReadAllText(Path.Combine(RepositoryRoot, DictionaryGenerator.DataDirectory, fileName));

    /// <summary>The "elements" array of elements.json.</summary>
    public static IReadOnlyList<JsonElement> Elements => s_elements.Value;

    /// <summary>The "uids" array of uids.json.</summary>
    public static IReadOnlyList<JsonElement> Uids => s_uids.Value;

    private static readonly Lazy<IReadOnlyList<JsonElement>> s_elements = new(() => ReadArray(DictionaryGenerator.ElementsFileName, "elements"));
    private static readonly Lazy<IReadOnlyList<JsonElement>> s_uids = new(() => ReadArray(DictionaryGenerator.UidsFileName, "uids"));

    private static IReadOnlyList<JsonElement> ReadArray(string fileName, string property)
    {
        using var doc = JsonDocument.Parse(ReadData(fileName));
        return doc.RootElement.GetProperty(property).EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
