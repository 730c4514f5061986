using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Osprey.Interop.Tests.QueryRetrieve;

/// <summary>What a level of the Query/Retrieve models returns one response per, and its Unique Key.</summary>
public enum QrLevel { Patient, Study, Series, Image }

/// <summary>One entity of a level: its Unique Key's value, and the instances under it (all agree on its attributes).</summary>
public sealed record QrEntity(QrLevel Level, string Key, IReadOnlyList<QrInstance> Instances)
{
    public QrInstance First => Instances[0];

    /// <summary>Modalities in Study (0008,0061): the distinct modalities of the study's series.</summary>
    public string ModalitiesInStudy => string.Join('\\', Instances.Select(i => i["Modality"] ?? "").Where(m => m.Length > 0).Distinct().Order(StringComparer.Ordinal));

    /// <summary>The entity's value of a key as a response should carry it ("" when it has none).</summary>
    public string ValueOf(string keyword) => keyword == "ModalitiesInStudy" ? ModalitiesInStudy : First[keyword] ?? "";
}

/// <summary>How the calling device's settings say to match (SETTINGS.md: Dicom:CaseSensitiveQueries, Dicom:EmptyMatching).</summary>
public sealed record MatchOptions(bool CaseSensitive, bool EmptyMatching);

/// <summary>
/// The test's own reading of the matching rules of PS3.4 C.2.2.2, written from the standard and the
/// settings page, never from Osprey's code: which stored entities a C-FIND identifier selects. Keys
/// are given as findscu's <c>-k</c> arguments are (<c>Keyword=value</c>, <c>Keyword</c> alone for
/// Universal Matching, <c>ProcedureCodeSequence[0].CodeValue=…</c> for Sequence Matching).
/// </summary>
public static class ExpectedMatcher
{
    /// <summary>The keys the tests use: VR, level and tag.</summary>
    public static readonly IReadOnlyDictionary<string, (string VR, QrLevel Level, string Tag)> Keys = new Dictionary<string, (string, QrLevel, string)>(StringComparer.Ordinal)
    {
        ["PatientName"] = ("PN", QrLevel.Patient, "00100010"),
        ["PatientID"] = ("LO", QrLevel.Patient, "00100020"),
        ["IssuerOfPatientID"] = ("LO", QrLevel.Patient, "00100021"),
        ["PatientBirthDate"] = ("DA", QrLevel.Patient, "00100030"),
        ["PatientSex"] = ("CS", QrLevel.Patient, "00100040"),
        ["StudyInstanceUID"] = ("UI", QrLevel.Study, "0020000D"),
        ["StudyDate"] = ("DA", QrLevel.Study, "00080020"),
        ["StudyTime"] = ("TM", QrLevel.Study, "00080030"),
        ["AccessionNumber"] = ("SH", QrLevel.Study, "00080050"),
        ["StudyID"] = ("SH", QrLevel.Study, "00200010"),
        ["StudyDescription"] = ("LO", QrLevel.Study, "00081030"),
        ["ReferringPhysicianName"] = ("PN", QrLevel.Study, "00080090"),
        ["ModalitiesInStudy"] = ("CS", QrLevel.Study, "00080061"),
        ["ProcedureCodeSequence"] = ("SQ", QrLevel.Study, "00081032"),
        ["SeriesInstanceUID"] = ("UI", QrLevel.Series, "0020000E"),
        ["Modality"] = ("CS", QrLevel.Series, "00080060"),
        ["SeriesNumber"] = ("IS", QrLevel.Series, "00200011"),
        ["SeriesDescription"] = ("LO", QrLevel.Series, "0008103E"),
        ["SOPInstanceUID"] = ("UI", QrLevel.Image, "00080018"),
        ["SOPClassUID"] = ("UI", QrLevel.Image, "00080016"),
        ["InstanceNumber"] = ("IS", QrLevel.Image, "00200013"),
        ["AcquisitionDateTime"] = ("DT", QrLevel.Image, "0008002A"),
    };

    /// <summary>Tags of attributes a response may carry besides the requested keys (PS3.4 C.4.1.1.3.2).</summary>
    public static readonly IReadOnlySet<string> IdentifierTags = new HashSet<string>(StringComparer.Ordinal) { "00080005", "00080052", "00080054" };

    public const string QueryRetrieveLevelTag = "00080052", SpecificCharacterSetTag = "00080005";

    private static readonly string[] ItemKeywords = ["CodeValue", "CodingSchemeDesignator", "CodeMeaning"];

    /// <summary>The Unique Key of a level.</summary>
    public static string UniqueKey(QrLevel level) => level switch
    {
        QrLevel.Patient => "PatientID",
        QrLevel.Study => "StudyInstanceUID",
        QrLevel.Series => "SeriesInstanceUID",
        _ => "SOPInstanceUID",
    };

    public static QrLevel ParseLevel(string text) => text switch
    {
        "PATIENT" => QrLevel.Patient,
        "STUDY" => QrLevel.Study,
        "SERIES" => QrLevel.Series,
        "IMAGE" => QrLevel.Image,
        _ => throw new ArgumentException($"not a level: {text}"),
    };

    /// <summary>The entities of <paramref name="candidates"/> that every key matches.</summary>
    public static List<QrEntity> Matches(IEnumerable<QrEntity> candidates, IReadOnlyList<(string Key, string Value)> keys, MatchOptions options)
    {
        var plain = keys.Where(k => !k.Key.Contains('[') && k.Key is not ("QueryRetrieveLevel" or "SpecificCharacterSet")).ToList();
        var items = keys.Where(k => k.Key.StartsWith("ProcedureCodeSequence[0].", StringComparison.Ordinal))
            .Select(k => (Keyword: k.Key["ProcedureCodeSequence[0].".Length..], k.Value)).ToList();
        foreach (var (key, _) in plain)
            if (!Keys.ContainsKey(key)) throw new ArgumentException($"the test's matcher does not know key {key}");
        return [.. candidates.Where(e =>
            plain.All(k => MatchesKey(e, k.Key, k.Value, options)) && MatchesSequence(e.First.ProcedureCodes, items, options))];
    }

    private static bool MatchesKey(QrEntity entity, string keyword, string query, MatchOptions options)
    {
        var vr = Keys[keyword].VR;
        if (IsUniversal(query, vr)) return true;
        var stored = keyword == "ModalitiesInStudy" ? entity.ModalitiesInStudy : entity.First[keyword];
        return MatchesValue(stored, query, vr, options);
    }

    /// <summary>Universal Matching: a zero-length value, or only "*" (C.2.2.2.3, C.2.2.2.4); for PN, every component group so.</summary>
    private static bool IsUniversal(string query, string vr)
    {
        var q = query.Trim();
        if (q.Length == 0 || q.All(c => c == '*')) return true;
        return vr == "PN" && q.Split('=').All(g => NormalizeGroup(g).Length == 0 || NormalizeGroup(g).All(c => c == '*'));
    }

    /// <summary>Whether a stored value (null: absent) matches one non-universal key value.</summary>
    public static bool MatchesValue(string? stored, string query, string vr, MatchOptions options)
    {
        var values = (stored ?? "").Split('\\').Select(v => v.Trim(' ', '\0')).Where(v => v.Length > 0).ToList();
        if (values.Count == 0) return options.EmptyMatching; // the setting "Empty matching"
        query = query.Trim(' ');
        return vr switch
        {
            "UI" => query.Split('\\').Any(q => values.Contains(q.Trim(), StringComparer.Ordinal)), // List of UID Matching (C.2.2.2.2)
            "DA" or "TM" or "DT" => values.Any(v => MatchesTemporal(v, query, vr)),
            "IS" => values.Any(v => decimal.TryParse(v, CultureInfo.InvariantCulture, out var a) && decimal.TryParse(query, CultureInfo.InvariantCulture, out var b) && a == b),
            "PN" => values.Any(v => MatchesName(v, query, options.CaseSensitive)),
            _ => values.Any(v => MatchesText(v, query, options.CaseSensitive)),
        };
    }

    /// <summary>Single Value or Wild Card Matching of text: "*" any run of characters, "?" one character.</summary>
    public static bool MatchesText(string stored, string query, bool caseSensitive)
    {
        if (!caseSensitive)
        {
            // Ignoring case: both sides in upper case by Unicode's simple case mapping, so that final sigma (ς), σ and Σ are one letter.
            stored = stored.ToUpperInvariant();
            query = query.ToUpperInvariant();
        }
        var pattern = new StringBuilder("^");
        foreach (var rune in query.EnumerateRunes())
        {
            pattern.Append(rune.Value switch
            {
                '*' => ".*",
                '?' => "(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|.)",
                _ => Regex.Escape(rune.ToString()),
            });
        }
        pattern.Append('$');
        return Regex.IsMatch(stored, pattern.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }

    /// <summary>
    /// Person names, component group by component group (alphabetic=ideographic=phonetic): each group the
    /// query gives is matched against the same group of the stored name; a group it leaves empty matches any.
    /// Trailing empty components are insignificant.
    /// </summary>
    public static bool MatchesName(string stored, string query, bool caseSensitive)
    {
        var q = query.Split('=');
        var s = stored.Split('=');
        for (int g = 0; g < q.Length && g < 3; g++)
        {
            var group = NormalizeGroup(q[g]);
            if (group.Length == 0 || group.All(c => c == '*')) continue;
            var storedGroup = g < s.Length ? NormalizeGroup(s[g]) : "";
            if (!MatchesText(storedGroup, group, caseSensitive)) return false;
        }
        return true;
    }

    private static string NormalizeGroup(string group) => group.TrimEnd(' ', '^');

    /// <summary>Single value (same date) or Range Matching (C.2.2.2.5): inclusive, either end open, an end bound covering its whole precision.</summary>
    private static bool MatchesTemporal(string stored, string query, string vr)
    {
        if (!TryMoment(stored, vr, out var moment, out _)) return false;
        int dash = query.IndexOf('-');
        if (dash < 0)
        {
            if (vr != "DA") throw new ArgumentException($"the test's matcher has no single-value {vr} matching: {query}");
            return TryMoment(query, vr, out var day, out _) && day == moment;
        }
        string from = query[..dash], to = query[(dash + 1)..];
        if (from.Length > 0 && (!TryMoment(from, vr, out var start, out _) || moment < start)) return false;
        if (to.Length > 0 && (!TryMoment(to, vr, out _, out var end) || moment > end)) return false;
        return true;
    }

    /// <summary>Reads DA (YYYYMMDD, or the old YYYY.MM.DD), TM (HH[MM[SS[.F…]]], colons allowed) or DT (YYYY[MM[DD[HH[MM[SS[.F…]]]]]]): its first and last moment.</summary>
    private static bool TryMoment(string text, string vr, out DateTime start, out DateTime end)
    {
        start = end = default;
        text = text.Trim();
        if (vr == "DA")
        {
            var digits = text.Replace(".", "", StringComparison.Ordinal);
            if (!DateTime.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start)) return false;
            end = start.AddDays(1).AddTicks(-10);
            return true;
        }
        if (vr == "TM")
        {
            text = text.Replace(":", "", StringComparison.Ordinal);
            text = "20000101" + text;
        }
        var m = Regex.Match(text, @"^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,6}))?$");
        if (!m.Success) return false;
        int Part(int g, int fallback) => m.Groups[g].Success ? int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : fallback;
        try
        {
            start = new DateTime(Part(1, 1), Part(2, 1), Part(3, 1), Part(4, 0), Part(5, 0), Part(6, 0));
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
        if (m.Groups[7].Success)
        {
            var fraction = m.Groups[7].Value;
            start = start.AddTicks(long.Parse(fraction.PadRight(6, '0'), CultureInfo.InvariantCulture) * 10);
            end = start.AddTicks((long)Math.Pow(10, 6 - fraction.Length) * 10 - 10);
        }
        else
        {
            var next = m.Groups[6].Success ? start.AddSeconds(1) : m.Groups[5].Success ? start.AddMinutes(1) : m.Groups[4].Success ? start.AddHours(1)
                : m.Groups[3].Success ? start.AddDays(1) : m.Groups[2].Success ? start.AddMonths(1) : start.AddYears(1);
            end = next.AddTicks(-10);
        }
        if (vr == "TM" && !m.Groups[4].Success) return false; // a TM has at least the hour
        return true;
    }

    /// <summary>Sequence Matching (C.2.2.2.6): some item of the stored sequence matches every item key.</summary>
    private static bool MatchesSequence(IReadOnlyList<IReadOnlyDictionary<string, string>>? stored, List<(string Keyword, string Value)> itemKeys, MatchOptions options)
    {
        var constraining = itemKeys.Where(k => !IsUniversal(k.Value, "SH")).ToList();
        if (constraining.Count == 0) return true;
        foreach (var (keyword, _) in constraining)
            if (!ItemKeywords.Contains(keyword)) throw new ArgumentException($"the test's matcher does not know item key {keyword}");
        if (stored is null || stored.Count == 0) return options.EmptyMatching;
        return stored.Any(item => constraining.All(k =>
            MatchesValue(item.TryGetValue(k.Keyword, out var v) ? v : null, k.Value, k.Keyword == "CodeMeaning" ? "LO" : "SH", options)));
    }
}
