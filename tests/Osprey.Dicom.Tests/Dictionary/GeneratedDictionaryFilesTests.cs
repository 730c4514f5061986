using Osprey.DictionaryGen;

namespace Osprey.Dicom.Tests.Dictionary;

public class GeneratedDictionaryFilesTests
{
    [Fact]
    public void CommittedFilesAreWhatTheGeneratorWrites()
    {
        var root = RegistryFiles.RepositoryRoot;
        var generated = DictionaryGenerator.GenerateFromRepository(root);
        var problems = DictionaryGenerator.FindDifferences(root, generated);
        Assert.True(problems.Count == 0,
            string.Join("\n", problems) + $"\nRegenerate from the repository root with: {DictionaryGenerator.RegenerateCommand}");
    }

    [Fact]
    public void GenerationIsDeterministicWithUnixLineEndsAndTheHeader()
    {
        var elements = RegistryFiles.ReadData(DictionaryGenerator.ElementsFileName);
        var uids = RegistryFiles.ReadData(DictionaryGenerator.UidsFileName);
        var first = DictionaryGenerator.Generate(elements, uids);
        var second = DictionaryGenerator.Generate(elements, uids);
        Assert.Equal(first.Keys, second.Keys);
        Assert.Equal(["DicomDictionaryData.g.cs", "DicomTags.g.cs", "DicomUidData.g.cs", "DicomUids.g.cs"], first.Keys.ToArray());
        foreach (var (name, text) in first)
        {
            Assert.Equal(text, second[name]);
            Assert.StartsWith(DictionaryGenerator.Header + "\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', text);
            Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DescribesTheFirstDifferingLine()
    {
        Assert.Null(DictionaryGenerator.DescribeFirstDifference("a\nb\n", "a\nb\n"));
        Assert.Equal("line 2: expected \"b\" but found \"c\"", DictionaryGenerator.DescribeFirstDifference("a\nb\n", "a\nc\n"));
        Assert.Equal("line 2: expected \"b\\r\" but found \"b\"", DictionaryGenerator.DescribeFirstDifference("a\nb\r\n", "a\nb\n"));
        Assert.Equal("line 3: expected <end of file> but found \"x\"", DictionaryGenerator.DescribeFirstDifference("a\nb", "a\nb\nx"));
    }

    [Fact]
    public void RejectsWhatTheGeneratedCodeCannotHold()
    {
        const string uids = """{"uids":[]}""";
        static string Elements(string tag, string vr, string keyword = "K") =>
            $$"""{"elements":[{"tag":"{{tag}}","vr":"{{vr}}","vm":"1","name":"N","keyword":"{{keyword}}","retired":false}]}""";

        Assert.Throws<FormatException>(() => DictionaryGenerator.Generate(Elements("0010001", "PN"), uids));
        Assert.Throws<FormatException>(() => DictionaryGenerator.Generate(Elements("0010001G", "PN"), uids));
        Assert.Throws<FormatException>(() => DictionaryGenerator.Generate(Elements("00100010", "XX"), uids));
        Assert.Throws<FormatException>(() => DictionaryGenerator.Generate(Elements("00100010", "PN", "Bad Keyword"), uids));
        Assert.Throws<FormatException>(() => DictionaryGenerator.Generate(Elements("00100010", "PN", "A|B"), uids));
        var twice = """{"elements":[{"tag":"00100010","vr":"PN","vm":"1","name":"N","keyword":"A","retired":false},{"tag":"00100010","vr":"PN","vm":"1","name":"N","keyword":"B","retired":false}]}""";
        Assert.Throws<FormatException>(() => DictionaryGenerator.Generate(twice, uids));
    }

    [Fact]
    public void DuplicateUidKeywordsGiveOneConstantForTheCurrentUid()
    {
        const string elements = """{"elements":[]}""";
        const string uids = """
            {"uids":[
              {"uid":"1.2.3","name":"Old","type":"SOP Class","info":"","retired":true,"keyword":"Same"},
              {"uid":"1.2.4","name":"New","type":"SOP Class","info":"","retired":false,"keyword":"Same"},
              {"uid":"1.2.5","name":"Reserved","type":"SOP Class","info":"","retired":false,"keyword":"class"}
            ]}
            """;
        var text = DictionaryGenerator.Generate(elements, uids)["DicomUids.g.cs"];
        Assert.Contains("public const string Same = \"1.2.4\";", text, StringComparison.Ordinal);
        Assert.DoesNotContain("= \"1.2.3\"", text, StringComparison.Ordinal);
        Assert.Contains("// 1.2.3 Old (SOP Class, retired): keyword 'Same' belongs to another UID", text, StringComparison.Ordinal);
        Assert.Contains("public const string @class = \"1.2.5\";", text, StringComparison.Ordinal);
    }
}
