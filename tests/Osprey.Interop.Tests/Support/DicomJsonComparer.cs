using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Osprey.Interop.Tests.Support;

/// <summary>Knobs for <see cref="DicomJsonComparer"/>. The defaults are what the interop tests use.</summary>
public sealed record DicomJsonCompareOptions
{
    public static DicomJsonCompareOptions Default { get; } = new();

    /// <summary>
    /// Ignore group 0002 at the top level. pydicom's <c>Dataset.to_json_dict()</c> never emits
    /// the File Meta Information (it lives in <c>ds.file_meta</c>), so whether Osprey includes
    /// it must not matter.
    /// </summary>
    public bool SkipFileMetaGroup { get; init; } = true;

    /// <summary>
    /// Accept "UN" from Osprey for a private data element (odd group, element xxxx1000 and up)
    /// that pydicom reports with another VR, without comparing the value. pydicom takes such VRs
    /// from its private dictionary (for implicit VR files, and it also replaces an explicit "UN"
    /// by the private dictionary VR: e.g. charset_files/chrJapMulti.dcm (0019,1010) UN -> SH).
    /// Osprey has no private dictionary, so it cannot know them. Not applied when pydicom says
    /// "SQ" (an undefined-length UN must be read as SQ per PS3.5 6.2.2; Osprey must do that too)
    /// nor to private creators (xxxx,0010-00FF), whose VR is always LO (PS3.5 7.8.1).
    /// </summary>
    public bool AllowUnForPrivateElements { get; init; } = true;

    /// <summary>
    /// Compare strings after removing spaces that PS3.5 Table 6.2-1 calls insignificant
    /// (leading and trailing for AE AS CS DA DS DT IS LO SH TM UI; trailing for LT ST UT UC UR
    /// and each PN component group; trailing NULs everywhere). Off by default: by default we
    /// demand Osprey's strings be exactly pydicom's, because pydicom already strips padding;
    /// see the notes on <see cref="DicomJsonComparer"/> for what exactly it strips.
    /// </summary>
    public bool IgnoreInsignificantSpaces { get; init; }

    /// <summary>Stop collecting after this many differences.</summary>
    public int MaxDifferences { get; init; } = 200;
}

/// <summary>
/// Compares two DICOM JSON documents (PS3.18 Annex F) — <c>expected</c> from pydicom 2.3
/// (<c>pydicom_json.py</c>) and <c>actual</c> from Osprey — and lists human-readable
/// differences, each prefixed by a path such as <c>00081115/Value[0]/0020000E</c>.
/// An empty list means "equal".
/// <para>Rules:</para>
/// <list type="bullet">
/// <item>Same set of tag keys at every level (keys must be 8 upper-case hex digits).
/// Group-length elements (gggg0000) are compared like any other element, because pydicom keeps
/// them when the file has them (e.g. charset_files/chrJapMulti.dcm has 00080000 UL 392).
/// Group 0002 is skipped at the top level (see <see cref="DicomJsonCompareOptions.SkipFileMetaGroup"/>).</item>
/// <item>Same "vr". When pydicom reports a compound VR ("US or SS", "OB or OW", "US or OW",
/// "US or SS or OW"), any of the alternatives is accepted. Other tolerance: see
/// <see cref="DicomJsonCompareOptions.AllowUnForPrivateElements"/>. Public elements stored as
/// explicit "UN" get their dictionary VR from pydicom (when shorter than 0xFFFF bytes, e.g.
/// test_files/rtdose_rle.dcm) — no tolerance: Osprey must do the same.</item>
/// <item>Binary VRs (OB OD OF OL OV OW UN, or a compound VR that pydicom rendered as
/// InlineBinary/BulkDataURI): only the presence of a binary payload is compared (pydicom omits
/// it for an empty value, as PS3.18 F.2.5 requires); InlineBinary and BulkDataURI are
/// interchangeable and their content is not compared.</item>
/// <item>Absent "Value" equals an empty "Value" array (also for SQ).</item>
/// <item>SQ: item by item, recursively.</item>
/// <item>Numbers (DS IS FL FD SL SS UL US SV UV): compared numerically; DS and IS may be
/// JSON numbers or numeric strings ("1.50" == 1.5). FL is compared after rounding both sides to
/// single precision, because pydicom widens the float32 to a double and prints that
/// (0.1f appears as 0.10000000149011612) while a writer may print the float32's shortest form.
/// "NaN", "Infinity", "-Infinity" strings (pydicom_json.py writes NaN/Inf that way, as
/// PS3.18 F.2.3.1 prescribes) compare equal to themselves.</item>
/// <item>PN: objects with Alphabetic/Ideographic/Phonetic compared exactly, except that an
/// absent group equals an empty one: pydicom drops trailing empty groups ("A=" gives only
/// Alphabetic) but keeps inner ones ("A==C" gives Ideographic ""), and in PS3.5 6.2.1 an empty
/// group means the same as a missing one. A null PN value equals {} (all groups empty).</item>
/// <item>Other strings: exact (ordinal) equality. The one tolerance: null equals "" inside a
/// multi-valued string, because PS3.18 F.2.5 encodes an empty value as null while pydicom 2.3
/// writes "" (e.g. SpecificCharacterSet "\ISO 2022 IR 87" gives ["", "ISO 2022 IR 87"]).
/// What pydicom strips (so what Osprey must strip to agree): AE — leading and trailing spaces
/// of each value; LO SH UC — trailing spaces/NULs of each value (leading kept); AS CS DA DT TM
/// UI UR and PN — trailing spaces/NULs of the whole element only, so a non-last value keeps
/// them ("DERIVED \PRIMARY" gives "DERIVED "), leading kept; LT ST UT — trailing spaces/NULs,
/// no splitting on backslash.</item>
/// <item>AT: hex strings compared exactly (pydicom writes 8 upper-case hex digits).</item>
/// </list>
/// </summary>
public static class DicomJsonComparer
{
    private static readonly HashSet<string> BinaryVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "UN"];
    private static readonly HashSet<string> IntegerVrs = ["IS", "SL", "SS", "UL", "US", "SV", "UV"];
    private static readonly HashSet<string> FloatVrs = ["DS", "FL", "FD"];
    private static readonly HashSet<string> ElementKeys = ["vr", "Value", "InlineBinary", "BulkDataURI"];
    private static readonly string[] PnGroups = ["Alphabetic", "Ideographic", "Phonetic"];
    private static readonly HashSet<string> TrimBothVrs = ["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "SH", "TM", "UI"];

    private static readonly JsonSerializerOptions PrintOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Differences between <paramref name="expected"/> (pydicom) and <paramref name="actual"/> (Osprey).</summary>
    public static List<string> Compare(JsonObject expected, JsonObject actual, DicomJsonCompareOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var ctx = new Context(options ?? DicomJsonCompareOptions.Default);
        if (expected.TryGetPropertyValue(PydicomFiles.ErrorKey, out var error))
        {
            ctx.Add($"expected document is a pydicom failure, not a dataset: {error}");
            return ctx.Differences;
        }
        CompareDataset(expected, actual, "", topLevel: true, ctx);
        return ctx.Differences;
    }

    /// <summary>Parses both texts and compares them.</summary>
    public static List<string> Compare(string expectedJson, string actualJson, DicomJsonCompareOptions? options = null)
    {
        var expected = JsonNode.Parse(expectedJson)?.AsObject() ?? throw new ArgumentException("expected JSON is null");
        var actual = JsonNode.Parse(actualJson)?.AsObject() ?? throw new ArgumentException("actual JSON is null");
        return Compare(expected, actual, options);
    }

    /// <summary>One difference per line, for assertion messages.</summary>
    public static string Format(IEnumerable<string> differences) => string.Join(Environment.NewLine, differences);

    private sealed class Context(DicomJsonCompareOptions options)
    {
        public DicomJsonCompareOptions Options { get; } = options;
        public List<string> Differences { get; } = [];
        private bool _truncated;

        public bool Full => Differences.Count >= Options.MaxDifferences;

        public void Add(string difference)
        {
            if (Differences.Count < Options.MaxDifferences)
            {
                Differences.Add(difference);
            }
            else
            {
                MarkTruncated();
            }
        }

        public void MarkTruncated()
        {
            if (!_truncated)
            {
                _truncated = true;
                Differences.Add($"... more differences omitted (limit {Options.MaxDifferences})");
            }
        }
    }

    private static void CompareDataset(JsonObject expected, JsonObject actual, string prefix, bool topLevel, Context ctx)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, _) in expected)
        {
            keys.Add(key);
        }
        foreach (var (key, _) in actual)
        {
            keys.Add(key);
        }

        foreach (var key in keys)
        {
            if (ctx.Full)
            {
                ctx.MarkTruncated();
                return;
            }
            var path = prefix + key;
            var inExpected = expected.TryGetPropertyValue(key, out var e);
            var inActual = actual.TryGetPropertyValue(key, out var a);
            if (!TryParseTag(key, out var tag))
            {
                ctx.Add($"{path}: key in {(inExpected ? inActual ? "both documents" : "expected" : "actual")} is not a tag (8 upper-case hex digits)");
                continue;
            }
            if (topLevel && ctx.Options.SkipFileMetaGroup && tag >> 16 == 0x0002)
            {
                continue;
            }
            if (!inActual)
            {
                ctx.Add($"{path}: missing in actual (expected {Describe(e)})");
            }
            else if (!inExpected)
            {
                ctx.Add($"{path}: not expected, actual has {Describe(a)}");
            }
            else
            {
                CompareElement(tag, e, a, path, ctx);
            }
        }
    }

    private static void CompareElement(uint tag, JsonNode? expectedNode, JsonNode? actualNode, string path, Context ctx)
    {
        if (expectedNode is not JsonObject expected)
        {
            ctx.Add($"{path}: expected element is not a JSON object: {Print(expectedNode)}");
            return;
        }
        if (actualNode is not JsonObject actual)
        {
            ctx.Add($"{path}: actual element is not a JSON object: {Print(actualNode)}");
            return;
        }
        foreach (var (key, _) in actual)
        {
            if (!ElementKeys.Contains(key))
            {
                ctx.Add($"{path}: actual element has unknown member \"{key}\"");
            }
        }
        var payloads = PayloadKeys(actual);
        if (payloads.Count > 1)
        {
            ctx.Add($"{path}: actual element has more than one of Value/InlineBinary/BulkDataURI: {string.Join(", ", payloads)}");
        }

        var expectedVr = GetString(expected, "vr");
        var actualVr = GetString(actual, "vr");
        if (expectedVr is null)
        {
            ctx.Add($"{path}: expected element has no string \"vr\"");
            return;
        }
        if (actualVr is null)
        {
            ctx.Add($"{path}: actual element has no string \"vr\" (expected \"{expectedVr}\")");
            return;
        }

        if (!IsSingleVr(actualVr))
        {
            ctx.Add($"{path}: actual vr must be a single VR (two upper-case letters), got \"{actualVr}\" (expected \"{expectedVr}\")");
            return;
        }

        var alternatives = expectedVr.Split(" or ", StringSplitOptions.TrimEntries);
        if (!alternatives.Contains(actualVr, StringComparer.Ordinal))
        {
            if (ctx.Options.AllowUnForPrivateElements && actualVr == "UN" && IsPrivateDataElement(tag)
                && !alternatives.Contains("SQ") && !alternatives.Contains("UN"))
            {
                // Tolerated: pydicom's VR came from its private dictionary; see the option's doc.
                return;
            }
            ctx.Add($"{path}: vr expected \"{expectedVr}\", actual \"{actualVr}\"");
            return;
        }

        var expectedBinaryForm = HasBinaryPayload(expected);
        if (BinaryVrs.Contains(actualVr) || (alternatives.Length > 1 && expectedBinaryForm))
        {
            if (actual.ContainsKey("Value"))
            {
                ctx.Add($"{path}: binary VR {actualVr} must use InlineBinary or BulkDataURI, actual has Value");
            }
            var actualBinaryForm = HasBinaryPayload(actual) || NonEmptyArray(actual, "Value");
            if (expectedBinaryForm != actualBinaryForm)
            {
                ctx.Add(expectedBinaryForm
                    ? $"{path}: expected a binary value ({actualVr}), actual element is empty"
                    : $"{path}: expected an empty {actualVr} element, actual has a binary value");
            }
            return;
        }

        if (HasBinaryPayload(actual))
        {
            ctx.Add($"{path}: VR {actualVr} must use Value, actual has {string.Join("/", PayloadKeys(actual))}");
            return;
        }
        if (HasBinaryPayload(expected))
        {
            ctx.Add($"{path}: expected has a binary payload for VR {expectedVr} (unsupported by comparer)");
            return;
        }

        if (!TryGetValues(expected, out var expectedValues))
        {
            ctx.Add($"{path}: expected \"Value\" is not an array: {Print(expected["Value"])}");
            return;
        }
        if (!TryGetValues(actual, out var actualValues))
        {
            ctx.Add($"{path}: actual \"Value\" is not an array: {Print(actual["Value"])}");
            return;
        }

        if (expectedValues.Count != actualValues.Count)
        {
            ctx.Add(actualVr == "SQ"
                ? $"{path}: expected {expectedValues.Count} sequence item(s), actual {actualValues.Count}"
                : $"{path}: expected {expectedValues.Count} value(s) {Print(expected["Value"])}, actual {actualValues.Count} {Print(actual["Value"])}");
        }

        var count = Math.Min(expectedValues.Count, actualValues.Count);
        for (var i = 0; i < count && !ctx.Full; i++)
        {
            var itemPath = $"{path}/Value[{i}]";
            var e = expectedValues[i];
            var a = actualValues[i];
            switch (actualVr)
            {
                case "SQ":
                    if (e is not JsonObject eItem)
                    {
                        ctx.Add($"{itemPath}: expected sequence item is not an object: {Print(e)}");
                    }
                    else if (a is not JsonObject aItem)
                    {
                        ctx.Add($"{itemPath}: actual sequence item is not an object: {Print(a)}");
                    }
                    else
                    {
                        CompareDataset(eItem, aItem, itemPath + "/", topLevel: false, ctx);
                    }
                    break;
                case "PN":
                    ComparePersonName(e, a, itemPath, ctx);
                    break;
                case "AT":
                    CompareExactString(e, a, itemPath, ctx);
                    break;
                default:
                    if (IntegerVrs.Contains(actualVr) || FloatVrs.Contains(actualVr))
                    {
                        CompareNumber(actualVr, e, a, itemPath, ctx);
                    }
                    else
                    {
                        CompareString(actualVr, e, a, itemPath, ctx);
                    }
                    break;
            }
        }
    }

    private static void ComparePersonName(JsonNode? expected, JsonNode? actual, string path, Context ctx)
    {
        if (!TryGetPnGroups(expected, out var e, out var eError))
        {
            ctx.Add($"{path}: expected PN {eError}: {Print(expected)}");
            return;
        }
        if (!TryGetPnGroups(actual, out var a, out var aError))
        {
            ctx.Add($"{path}: actual PN {aError}: {Print(actual)}");
            return;
        }
        for (var g = 0; g < PnGroups.Length; g++)
        {
            var ev = e[g];
            var av = a[g];
            if (ctx.Options.IgnoreInsignificantSpaces)
            {
                ev = ev.TrimEnd(' ', '\0');
                av = av.TrimEnd(' ', '\0');
            }
            if (!string.Equals(ev, av, StringComparison.Ordinal))
            {
                ctx.Add($"{path}/{PnGroups[g]}: expected {Print(ev)}, actual {Print(av)}");
            }
        }
    }

    /// <summary>Group strings in Alphabetic/Ideographic/Phonetic order; absent or null group = "".</summary>
    private static bool TryGetPnGroups(JsonNode? node, out string[] groups, out string error)
    {
        groups = ["", "", ""];
        error = "";
        if (node is null)
        {
            return true;
        }
        if (node is not JsonObject obj)
        {
            error = "is not an object";
            return false;
        }
        foreach (var (key, value) in obj)
        {
            var index = Array.IndexOf(PnGroups, key);
            if (index < 0)
            {
                error = $"has unknown member \"{key}\"";
                return false;
            }
            if (value is null)
            {
                continue;
            }
            if (value.GetValueKind() != JsonValueKind.String)
            {
                error = $"group {key} is not a string";
                return false;
            }
            groups[index] = value.GetValue<string>();
        }
        return true;
    }

    private static void CompareExactString(JsonNode? expected, JsonNode? actual, string path, Context ctx)
    {
        var e = AsStringOrNull(expected, out var eOk);
        var a = AsStringOrNull(actual, out var aOk);
        if (!eOk || !aOk || !string.Equals(e, a, StringComparison.Ordinal))
        {
            ctx.Add($"{path}: expected {Print(expected)}, actual {Print(actual)}");
        }
    }

    private static void CompareString(string vr, JsonNode? expected, JsonNode? actual, string path, Context ctx)
    {
        var e = AsStringOrNull(expected, out var eOk);
        var a = AsStringOrNull(actual, out var aOk);
        if (!eOk || !aOk)
        {
            ctx.Add($"{path}: expected {Print(expected)}, actual {Print(actual)} (VR {vr} values must be strings or null)");
            return;
        }
        // null == "": PS3.18 F.2.5 writes an empty value as null, pydicom 2.3 writes "".
        e ??= "";
        a ??= "";
        if (ctx.Options.IgnoreInsignificantSpaces)
        {
            e = TrimInsignificant(vr, e);
            a = TrimInsignificant(vr, a);
        }
        if (!string.Equals(e, a, StringComparison.Ordinal))
        {
            ctx.Add($"{path}: expected {Print(expected)}, actual {Print(actual)}");
        }
    }

    private static string TrimInsignificant(string vr, string s) =>
        TrimBothVrs.Contains(vr) ? s.Trim(' ', '\0') : s.TrimEnd(' ', '\0');

    private static void CompareNumber(string vr, JsonNode? expected, JsonNode? actual, string path, Context ctx)
    {
        var allowStrings = vr is "DS" or "IS";
        var eOk = TryGetNumberText(expected, allowStrings, out var eText);
        var aOk = TryGetNumberText(actual, allowStrings, out var aText);
        if (!eOk || !aOk)
        {
            ctx.Add($"{path}: expected {Print(expected)}, actual {Print(actual)} (VR {vr} values must be numbers{(allowStrings ? " or numeric strings" : "")} or null)");
            return;
        }
        if (eText is null || aText is null)
        {
            if (eText is not null || aText is not null)
            {
                ctx.Add($"{path}: expected {Print(expected)}, actual {Print(actual)}");
            }
            return;
        }

        bool equal;
        if (FloatVrs.Contains(vr))
        {
            if (!TryParseDouble(eText, out var ed) || !TryParseDouble(aText, out var ad))
            {
                ctx.Add($"{path}: expected {Print(expected)}, actual {Print(actual)} (not a number)");
                return;
            }
            equal = vr == "FL"
                ? ((float)ed).Equals((float)ad)
                : ed.Equals(ad); // double.Equals: NaN equals NaN, 0.0 equals -0.0
        }
        else if (TryParseDecimal(eText, out var em) && TryParseDecimal(aText, out var am))
        {
            equal = em == am;
        }
        else if (TryParseDouble(eText, out var ed) && TryParseDouble(aText, out var ad))
        {
            equal = ed.Equals(ad);
        }
        else
        {
            ctx.Add($"{path}: expected {Print(expected)}, actual {Print(actual)} (not a number)");
            return;
        }
        if (!equal)
        {
            ctx.Add($"{path}: expected {Print(expected)}, actual {Print(actual)}");
        }
    }

    /// <summary>Number as text; null node gives null text. Strings only when allowed (DS, IS) or NaN/Infinity.</summary>
    private static bool TryGetNumberText(JsonNode? node, bool allowStrings, out string? text)
    {
        text = null;
        if (node is null)
        {
            return true;
        }
        switch (node.GetValueKind())
        {
            case JsonValueKind.Number:
                text = node.ToJsonString();
                return true;
            case JsonValueKind.String:
                var s = node.GetValue<string>();
                if (allowStrings || s is "NaN" or "Infinity" or "-Infinity")
                {
                    text = s.Trim(' ');
                    return true;
                }
                return false;
            default:
                return false;
        }
    }

    private static bool TryParseDouble(string text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "Infinity":
                value = double.PositiveInfinity;
                return true;
            case "-Infinity":
                value = double.NegativeInfinity;
                return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static string? AsStringOrNull(JsonNode? node, out bool ok)
    {
        ok = true;
        if (node is null)
        {
            return null;
        }
        if (node.GetValueKind() == JsonValueKind.String)
        {
            return node.GetValue<string>();
        }
        ok = false;
        return null;
    }

    private static bool TryGetValues(JsonObject element, out IReadOnlyList<JsonNode?> values)
    {
        if (!element.TryGetPropertyValue("Value", out var node) || node is null)
        {
            values = [];
            return true;
        }
        if (node is JsonArray array)
        {
            values = array.ToList();
            return true;
        }
        values = [];
        return false;
    }

    private static bool HasBinaryPayload(JsonObject element) =>
        element.ContainsKey("InlineBinary") || element.ContainsKey("BulkDataURI");

    private static bool NonEmptyArray(JsonObject element, string key) =>
        element.TryGetPropertyValue(key, out var node) && node is JsonArray { Count: > 0 };

    private static List<string> PayloadKeys(JsonObject element) =>
        new[] { "Value", "InlineBinary", "BulkDataURI" }.Where(element.ContainsKey).ToList();

    private static string? GetString(JsonObject obj, string key) =>
        obj.TryGetPropertyValue(key, out var node) && node is not null && node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : null;

    /// <summary>Tag keys are exactly 8 upper-case hex digits (PS3.18 F.2.1.1).</summary>
    private static bool TryParseTag(string key, out uint tag)
    {
        tag = 0;
        if (key.Length != 8)
        {
            return false;
        }
        foreach (var c in key)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'A' and <= 'F'))
            {
                return false;
            }
        }
        return uint.TryParse(key, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out tag);
    }

    private static bool IsSingleVr(string vr) =>
        vr.Length == 2 && char.IsAsciiLetterUpper(vr[0]) && char.IsAsciiLetterUpper(vr[1]);

    /// <summary>Odd group, element 0x1000 and up: a private data element (not a private creator).</summary>
    private static bool IsPrivateDataElement(uint tag) =>
        (tag >> 16 & 1) == 1 && (tag & 0xFFFF) >= 0x1000;

    private static string Describe(JsonNode? element)
    {
        if (element is JsonObject obj)
        {
            var vr = GetString(obj, "vr") ?? "?";
            var value = obj["Value"];
            return value is null ? $"vr {vr}" : $"vr {vr} {Truncate(Print(value))}";
        }
        return Print(element);
    }

    private static string Print(string s) => Truncate(JsonSerializer.Serialize(s, PrintOptions));

    private static string Print(JsonNode? node) =>
        node is null ? "null" : Truncate(node.ToJsonString(PrintOptions));

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
