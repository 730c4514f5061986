using System.Text.RegularExpressions;
using Osprey.Server.Services;

namespace Osprey.Server.Tests.Docs;

/// <summary>
/// The conformance statement is what a PACS administrator reads first: its annex tables of storage
/// SOP classes and transfer syntaxes must be exactly what the Storage SCP accepts.
/// </summary>
public sealed partial class ConformanceStatementTests
{
    [Fact]
    public void Annex_lists_exactly_the_storage_sop_classes_the_scp_registers()
        => Assert.Equal(StorageService.StorageSopClasses.Order(), UidsOfSection("### 8.1").Order());

    [Fact]
    public void Annex_lists_exactly_the_transfer_syntaxes_the_scp_accepts()
        => Assert.Equal(StorageService.AcceptedTransferSyntaxes.Order(), UidsOfSection("### 8.2").Order());

    [Fact]
    public void Overview_lists_exactly_the_query_retrieve_sop_classes_the_scp_registers()
    {
        string[] served = [.. QueryRetrieveSopClasses.Find, .. QueryRetrieveSopClasses.Move, .. QueryRetrieveSopClasses.Get];
        var listed = OverviewRows().Where(r => r.Name.Contains("Query/Retrieve", StringComparison.Ordinal));
        Assert.Equal(served.Order(), listed.Where(r => r.Scp == "Yes").Select(r => r.Uid).Order());
    }

    private static IEnumerable<(string Name, string Uid, string Scp)> OverviewRows()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "conformance-statement.md"));
        int start = text.IndexOf("## 1. Overview", StringComparison.Ordinal), end = text.IndexOf("## 2.", start, StringComparison.Ordinal);
        foreach (var line in text[start..end].Split('\n'))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length == 6 && cells[2].StartsWith("1.2.840.", StringComparison.Ordinal)) yield return (cells[1], cells[2], cells[4]);
        }
    }

    private static List<string> UidsOfSection(string heading)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "conformance-statement.md"));
        int start = text.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section {heading}");
        int end = text.IndexOf("\n### ", start + heading.Length, StringComparison.Ordinal);
        var section = text[start..(end < 0 ? text.Length : end)];
        return [.. TableUid().Matches(section).Select(m => m.Groups[1].Value)];
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Osprey.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (Osprey.slnx) not found above " + AppContext.BaseDirectory);
    }

    // A table row ending in a UID: "| Name | 1.2.840.10008.5.1.4.1.1.2 |".
    [GeneratedRegex(@"\| ([0-9]+(?:\.[0-9]+)+) \|\s*$", RegexOptions.Multiline)]
    private static partial Regex TableUid();
}
