using System.Text.Json.Nodes;

namespace Osprey.Interop.Tests.Support;

/// <summary>
/// The comparer must find real differences (so an interop test cannot pass by accident)
/// and must accept the documented tolerances.
/// </summary>
public class DicomJsonComparerTests
{
    private const string Base = """
        {
          "00080005": {"vr": "CS", "Value": ["", "ISO 2022 IR 87"]},
          "00080008": {"vr": "CS", "Value": ["ORIGINAL", "PRIMARY"]},
          "00080050": {"vr": "SH"},
          "00081115": {"vr": "SQ", "Value": [
            {"0020000E": {"vr": "UI", "Value": ["1.2.3"]},
             "00081199": {"vr": "SQ", "Value": [{"00081150": {"vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.2"]}}]}},
            {"0020000E": {"vr": "UI", "Value": ["1.2.4"]}}
          ]},
          "00090010": {"vr": "LO", "Value": ["GEMS_IDEN_01"]},
          "00091001": {"vr": "SH", "Value": ["CT01"]},
          "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎", "Phonetic": "やまだ^たろう"}]},
          "00180050": {"vr": "DS", "Value": [1.5]},
          "00181063": {"vr": "DS", "Value": [2000.0, -0.25]},
          "00200013": {"vr": "IS", "Value": [12]},
          "00209165": {"vr": "AT", "Value": ["00080018", "00100020"]},
          "00280010": {"vr": "US", "Value": [512]},
          "00280106": {"vr": "US or SS", "Value": [0]},
          "00189219": {"vr": "FL", "Value": [0.10000000149011612]},
          "00186020": {"vr": "SL"},
          "7FE00010": {"vr": "OB or OW", "BulkDataURI": "pydicom-bulk:length=32768"}
        }
        """;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Expected() => Parse(Base);

    /// <summary>
    /// Base as Osprey would write it (compound VRs resolved to one VR), with
    /// <paramref name="edit"/> applied to a fresh copy.
    /// </summary>
    private static JsonObject Actual(Action<JsonObject> edit)
    {
        var doc = Parse(Base);
        Element(doc, "00280106")["vr"] = "US";
        Element(doc, "7FE00010")["vr"] = "OW";
        edit(doc);
        return doc;
    }

    private static JsonObject Element(JsonObject doc, string path)
    {
        // path like "00081115/Value[0]/0020000E"
        JsonNode node = doc;
        foreach (var part in path.Split('/'))
        {
            if (part.StartsWith("Value[", StringComparison.Ordinal))
            {
                var i = int.Parse(part["Value[".Length..^1]);
                node = node["Value"]!.AsArray()[i]!;
            }
            else
            {
                node = node[part]!;
            }
        }
        return node.AsObject();
    }

    private static void AssertDifferent(JsonObject expected, JsonObject actual, string mustMention, DicomJsonCompareOptions? options = null)
    {
        var diffs = DicomJsonComparer.Compare(expected, actual, options);
        Assert.NotEmpty(diffs);
        Assert.Contains(diffs, d => d.Contains(mustMention, StringComparison.Ordinal));
    }

    private static void AssertSame(JsonObject expected, JsonObject actual, DicomJsonCompareOptions? options = null)
    {
        var diffs = DicomJsonComparer.Compare(expected, actual, options);
        Assert.True(diffs.Count == 0, DicomJsonComparer.Format(diffs));
    }

    // ---- must report -----------------------------------------------------------

    [Fact]
    public void MissingTagIsReported() =>
        AssertDifferent(Expected(), Actual(d => d.Remove("00280010")), "00280010: missing in actual");

    [Fact]
    public void ExtraTagIsReported() =>
        AssertDifferent(Expected(), Actual(d => d["00080060"] = Parse("""{"vr":"CS","Value":["CT"]}""")), "00080060: not expected");

    [Fact]
    public void MissingTagInsideSequenceItemIsReportedWithPath() =>
        AssertDifferent(Expected(), Actual(d => Element(d, "00081115/Value[0]").Remove("0020000E")), "00081115/Value[0]/0020000E: missing in actual");

    [Fact]
    public void NestedValueDifferenceIsReportedWithPath() =>
        AssertDifferent(Expected(),
            Actual(d => Element(d, "00081115/Value[0]/00081199/Value[0]/00081150")["Value"] = new JsonArray("1.2.840.10008.5.1.4.1.1.4")),
            "00081115/Value[0]/00081199/Value[0]/00081150/Value[0]: expected \"1.2.840.10008.5.1.4.1.1.2\"");

    [Fact]
    public void SequenceItemCountIsReported() =>
        AssertDifferent(Expected(), Actual(d => Element(d, "00081115")["Value"]!.AsArray().RemoveAt(1)), "expected 2 sequence item(s), actual 1");

    [Fact]
    public void VrMismatchIsReported() =>
        AssertDifferent(Expected(), Actual(d => Element(d, "00091001")["vr"] = "LO"), "00091001: vr expected \"SH\", actual \"LO\"");

    [Fact]
    public void CompoundVrStillRejectsOtherVrs() =>
        AssertDifferent(Expected(), Actual(d => Element(d, "00280106")["vr"] = "UL"), "vr expected \"US or SS\"");

    [Fact]
    public void StringValueDifferenceIsReported() =>
        AssertDifferent(Expected(), Actual(d => Element(d, "00080008")["Value"] = new JsonArray("ORIGINAL", "SECONDARY")), "00080008/Value[1]");

    [Fact]
    public void TrailingSpaceIsADifferenceByDefault() =>
        AssertDifferent(Parse("""{"00080008":{"vr":"CS","Value":["DERIVED ","PRIMARY"]}}"""),
            Parse("""{"00080008":{"vr":"CS","Value":["DERIVED","PRIMARY"]}}"""), "00080008/Value[0]");

    [Fact]
    public void ValueCountIsReported() =>
        AssertDifferent(Expected(), Actual(d => Element(d, "00181063")["Value"] = new JsonArray(2000.0)), "expected 2 value(s)");

    [Fact]
    public void NumericDifferenceIsReported()
    {
        AssertDifferent(Expected(), Actual(d => Element(d, "00280010")["Value"] = new JsonArray(256)), "00280010/Value[0]");
        AssertDifferent(Expected(), Actual(d => Element(d, "00180050")["Value"] = new JsonArray(1.05)), "00180050/Value[0]");
        AssertDifferent(Expected(), Actual(d => Element(d, "00189219")["Value"] = new JsonArray(0.2)), "00189219/Value[0]");
    }

    [Fact]
    public void NumberAsStringIsRejectedOutsideDsAndIs() =>
        AssertDifferent(Expected(), Actual(d => Element(d, "00280010")["Value"] = new JsonArray("512")), "00280010/Value[0]");

    [Fact]
    public void NumberForStringVrIsRejected() =>
        AssertDifferent(Parse("""{"00200010":{"vr":"SH","Value":["42"]}}"""), Parse("""{"00200010":{"vr":"SH","Value":[42]}}"""), "00200010/Value[0]");

    [Fact]
    public void PersonNameGroupDifferenceIsReported() =>
        AssertDifferent(Expected(),
            Actual(d => Element(d, "00100010")["Value"]![0]!["Ideographic"] = "山田^太朗"),
            "00100010/Value[0]/Ideographic");

    [Fact]
    public void PersonNameAsPlainStringIsRejected() =>
        AssertDifferent(Expected(), Actual(d => Element(d, "00100010")["Value"] = new JsonArray("Yamada^Tarou")), "00100010/Value[0]");

    [Fact]
    public void AttributeTagDifferenceIsReported() =>
        AssertDifferent(Expected(), Actual(d => Element(d, "00209165")["Value"] = new JsonArray("00080018", "00100021")), "00209165/Value[1]");

    [Fact]
    public void AttributeTagCaseMatters() =>
        AssertDifferent(Parse("""{"00209165":{"vr":"AT","Value":["0008001A"]}}"""), Parse("""{"00209165":{"vr":"AT","Value":["0008001a"]}}"""), "00209165/Value[0]");

    [Fact]
    public void LowerCaseTagKeyIsRejected() =>
        AssertDifferent(Parse("""{"7FE00010":{"vr":"OW"}}"""), Parse("""{"7fe00010":{"vr":"OW"}}"""), "is not a tag");

    [Fact]
    public void BinaryPresenceIsCompared() =>
        AssertDifferent(Expected(), Actual(d => Element(d, "7FE00010").Remove("BulkDataURI")), "7FE00010: expected a binary value");

    [Fact]
    public void BinaryVrWithValueIsRejected() =>
        AssertDifferent(Parse("""{"00091002":{"vr":"OB","InlineBinary":"AAE="}}"""), Parse("""{"00091002":{"vr":"OB","Value":["AAE="]}}"""), "must use InlineBinary or BulkDataURI");

    [Fact]
    public void PublicElementMayNotFallBackToUn() =>
        AssertDifferent(Parse("""{"00080070":{"vr":"LO","Value":["GE"]}}"""), Parse("""{"00080070":{"vr":"UN","InlineBinary":"R0U="}}"""), "vr expected \"LO\", actual \"UN\"");

    [Fact]
    public void PrivateCreatorMayNotFallBackToUn() =>
        AssertDifferent(Expected(), Actual(d => d["00090010"] = Parse("""{"vr":"UN","InlineBinary":"R0VNU19JREVOXzAx"}""")), "00090010: vr expected");

    [Fact]
    public void PrivateSequenceMayNotFallBackToUn() =>
        AssertDifferent(Parse("""{"4453100C":{"vr":"SQ","Value":[{}]}}"""), Parse("""{"4453100C":{"vr":"UN","InlineBinary":"AAE="}}"""), "4453100C: vr expected \"SQ\"");

    [Fact]
    public void PrivateUnToleranceCanBeSwitchedOff() =>
        AssertDifferent(Expected(), Actual(d => d["00091001"] = Parse("""{"vr":"UN","InlineBinary":"Q1QwMQ=="}""")), "00091001",
            DicomJsonCompareOptions.Default with { AllowUnForPrivateElements = false });

    [Fact]
    public void PydicomErrorDocumentIsNeverEqual() =>
        AssertDifferent(Parse("""{"__error__":"ValueError: boom"}"""), Parse("{}"), "pydicom failure");

    [Fact]
    public void DifferencesAreCapped()
    {
        var expected = new JsonObject();
        var actual = new JsonObject();
        for (var i = 0; i < 50; i++)
        {
            expected[$"0011{0x1000 + i:X4}"] = Parse("""{"vr":"SH","Value":["a"]}""");
            actual[$"0011{0x1000 + i:X4}"] = Parse("""{"vr":"SH","Value":["b"]}""");
        }
        var diffs = DicomJsonComparer.Compare(expected, actual, DicomJsonCompareOptions.Default with { MaxDifferences = 10 });
        Assert.Equal(11, diffs.Count);
        Assert.StartsWith("... more differences omitted", diffs[^1]);
    }

    // ---- must not report -------------------------------------------------------

    [Fact]
    public void IdenticalDocumentsAreEqual() => AssertSame(Expected(), Actual(_ => { }));

    [Fact]
    public void CompoundVrInActualIsRejected() =>
        AssertDifferent(Expected(), Expected(), "actual vr must be a single VR");

    [Fact]
    public void MemberOrderDoesNotMatter()
    {
        var reordered = new JsonObject();
        foreach (var (key, value) in Actual(_ => { }).Reverse())
        {
            reordered[key] = value?.DeepClone();
        }
        AssertSame(Expected(), reordered);
    }

    [Fact]
    public void DecimalStringsCompareNumerically() =>
        AssertSame(Expected(), Actual(d =>
        {
            Element(d, "00180050")["Value"] = new JsonArray("1.50");
            Element(d, "00181063")["Value"] = Parse("""{"v":["2e3", -0.250]}""")["v"]!.DeepClone();
            Element(d, "00200013")["Value"] = new JsonArray(" 12 ");
        }));

    [Fact]
    public void SinglePrecisionFloatsCompareAsFloat32() =>
        AssertSame(Expected(), Actual(d => Element(d, "00189219")["Value"] = new JsonArray(0.1)));

    [Fact]
    public void NaNStringsAreEqual() =>
        AssertSame(Parse("""{"00189219":{"vr":"FD","Value":["NaN", "-Infinity"]}}"""), Parse("""{"00189219":{"vr":"FD","Value":["NaN", "-Infinity"]}}"""));

    [Fact]
    public void AbsentValueEqualsEmptyArray() =>
        AssertSame(Expected(), Actual(d =>
        {
            Element(d, "00080050")["Value"] = new JsonArray();
            Element(d, "00186020")["Value"] = new JsonArray();
        }));

    [Fact]
    public void EmptySequenceMayOmitValue() =>
        AssertSame(Parse("""{"00081111":{"vr":"SQ","Value":[]}}"""), Parse("""{"00081111":{"vr":"SQ"}}"""));

    [Fact]
    public void CompoundVrAcceptsEachAlternative()
    {
        AssertSame(Expected(), Actual(d =>
        {
            Element(d, "00280106")["vr"] = "SS";
            Element(d, "7FE00010")["vr"] = "OW";
        }));
        AssertSame(Expected(), Actual(d =>
        {
            Element(d, "00280106")["vr"] = "US";
            Element(d, "7FE00010")["vr"] = "OB";
        }));
    }

    [Fact]
    public void BinaryContentIsNotCompared() =>
        AssertSame(Expected(), Actual(d =>
        {
            var pixel = Element(d, "7FE00010");
            pixel.Remove("BulkDataURI");
            pixel["InlineBinary"] = "AAEC";
            pixel["vr"] = "OW";
        }));

    [Fact]
    public void FileMetaGroupIsIgnored() =>
        AssertSame(Expected(), Actual(d =>
        {
            d["00020000"] = Parse("""{"vr":"UL","Value":[194]}""");
            d["00020010"] = Parse("""{"vr":"UI","Value":["1.2.840.10008.1.2.1"]}""");
        }));

    [Fact]
    public void GroupLengthsAreCompared() =>
        AssertDifferent(Parse("""{"00080000":{"vr":"UL","Value":[392]}}"""), Parse("{}"), "00080000: missing in actual");

    [Fact]
    public void PrivateDataElementMayBeUn() =>
        AssertSame(Expected(), Actual(d => d["00091001"] = Parse("""{"vr":"UN","InlineBinary":"Q1QwMQ=="}""")));

    [Fact]
    public void MissingPersonNameGroupEqualsEmptyGroup()
    {
        AssertSame(Parse("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"A","Ideographic":"","Phonetic":"C"}]}}"""),
            Parse("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"A","Phonetic":"C"}]}}"""));
        AssertSame(Parse("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":""}, {"Alphabetic":"B"}]}}"""),
            Parse("""{"00100010":{"vr":"PN","Value":[null, {"Alphabetic":"B"}]}}"""));
    }

    [Fact]
    public void NullEqualsEmptyStringInMultiValuedStrings() =>
        AssertSame(Expected(), Actual(d => Element(d, "00080005")["Value"] = Parse("""{"v":[null, "ISO 2022 IR 87"]}""")["v"]!.DeepClone()));

    [Fact]
    public void InsignificantSpacesCanBeIgnored() =>
        AssertSame(Parse("""{"00080008":{"vr":"CS","Value":["DERIVED ","PRIMARY"]},"00080070":{"vr":"LO","Value":[" GE"]}}"""),
            Parse("""{"00080008":{"vr":"CS","Value":["DERIVED","PRIMARY"]},"00080070":{"vr":"LO","Value":["GE"]}}"""),
            DicomJsonCompareOptions.Default with { IgnoreInsignificantSpaces = true });

    // ---- against real pydicom output --------------------------------------------

    [Fact]
    public void PydicomRunsOverEveryTestFile()
    {
        var results = PydicomFiles.AllTestFileResults;
        var files = PydicomFiles.TestFiles();
        Assert.Equal(files.Count, results.Count);
        Assert.All(files, f => Assert.True(results.ContainsKey(f), f));
        // pydicom 2.3 reads all but a handful of deliberately broken files.
        var failures = results.Where(r => PydicomFiles.ErrorOf(r.Value) is not null).Select(r => PydicomFiles.RelativeName(r.Key)).ToList();
        Assert.True(failures.Count <= 5, "pydicom failed on: " + string.Join(", ", failures));
    }

    [Fact]
    public void EveryPydicomDocumentEqualsItself()
    {
        foreach (var (file, json) in PydicomFiles.AllTestFileResults)
        {
            if (PydicomFiles.ErrorOf(json) is not null)
            {
                continue;
            }
            var diffs = DicomJsonComparer.Compare(json, json.DeepClone().AsObject());
            Assert.True(diffs.Count == 0, $"{PydicomFiles.RelativeName(file)}:\n{DicomJsonComparer.Format(diffs)}");
        }
    }

    [Fact]
    public void ChangeDeepInsideRealPydicomOutputIsFound()
    {
        var file = PydicomFiles.TestFiles().Single(f => f.EndsWith("/test_files/UN_sequence.dcm", StringComparison.Ordinal));
        var expected = PydicomFiles.AllTestFileResults[file];
        Assert.Null(PydicomFiles.ErrorOf(expected));
        var actual = expected.DeepClone().AsObject();
        Element(actual, "4453100C/Value[0]/00081115/Value[0]/0020000E")["Value"] = new JsonArray("1.2.3");
        var diffs = DicomJsonComparer.Compare(expected, actual);
        Assert.Single(diffs);
        Assert.StartsWith("4453100C/Value[0]/00081115/Value[0]/0020000E/Value[0]: expected ", diffs[0]);
    }
}
