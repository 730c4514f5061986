using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Osprey.Interop.Tests.Support;
using Xunit.Abstractions;
using S = Osprey.Interop.Tests.QueryRetrieve.SyntheticArchive;

namespace Osprey.Interop.Tests.QueryRetrieve;

/// <summary>
/// One C-FIND query as a user types it into DCMTK's findscu: the information model (<c>-P</c> Patient
/// Root, <c>-S</c> Study Root), the calling AE title (which device's settings apply), the <c>-k</c> keys,
/// and, for a query in another character set than UTF-8, the Specific Character Set of a query file
/// pydicom writes instead (the keys then go into the file). The expected matches are computed by
/// <see cref="ExpectedMatcher"/> from what the archive holds.
/// </summary>
/// <param name="Status">"0000" (success), "FE00" (ended by the Query/Retrieve limit: exactly that many responses), or "FAIL" (refused: A900 or Cxxx, no response).</param>
public sealed record FindRow(string Name, string Model, string Calling, string[] Keys, string? QueryCharset = null, string Status = "0000", bool MayBeEmpty = false)
{
    public override string ToString() => Name;
}

/// <summary>
/// The C-FIND SCP against DCMTK's findscu: a table of queries over every level, type of matching, device
/// setting and character set, each checked against the entities the test computes independently, with
/// each response identifier decoded by pydicom (so its character set is read independently too).
/// </summary>
public sealed class FindscuTests(FindArchiveFixture fixture, ITestOutputHelper output) : IClassFixture<FindArchiveFixture>
{
    private const string Utf8 = "SpecificCharacterSet=ISO_IR 192";

    /// <summary>The keys of a row; a key given again (e.g. a value for a key of the common list) replaces the earlier one.</summary>
    private static string[] K(params string[] keys)
    {
        var result = new List<string>();
        foreach (var key in keys)
        {
            var keyword = SplitKey(key).Key;
            int at = result.FindIndex(k => SplitKey(k).Key == keyword);
            if (at >= 0) result[at] = key;
            else result.Add(key);
        }
        return [.. result];
    }

    /// <summary>The table. Study k (= patient × 4 + study) and its series are those of <see cref="SyntheticArchive"/>.</summary>
    public static IReadOnlyList<FindRow> Rows()
    {
        string study5 = S.StudyUid(5), study6 = S.StudyUid(6), series61 = $"{S.StudyUid(6)}.1";
        string[] patientKeys = ["QueryRetrieveLevel=PATIENT", "PatientID", "PatientName"];
        string[] studyKeys = ["QueryRetrieveLevel=STUDY", "StudyInstanceUID", "PatientID"];
        string[] nameKeys = studyKeys;
        return
        [
            // ---- PATIENT level (Patient Root) ----
            new("PATIENT universal: every patient", "-P", "FINDSCU", K([.. patientKeys, "IssuerOfPatientID", "PatientBirthDate"])),
            new("PATIENT PN wildcard Müller*, case-insensitive, empty matching on", "-P", "FINDSCU", K([.. patientKeys, Utf8, "PatientName=Müller*"])),
            new("PATIENT PN wildcard Müller*, case-sensitive", "-P", "CASESENS", K([.. patientKeys, Utf8, "PatientName=Müller*"])),
            new("PATIENT PN wildcard Müller*, empty matching off", "-P", "NOEMPTY", K([.. patientKeys, Utf8, "PatientName=Müller*"])),
            new("PATIENT PN MÜLLER*, case-sensitive, empty matching off", "-P", "CASENOEMPTY", K([.. patientKeys, Utf8, "PatientName=MÜLLER*"])),
            new("PATIENT PN øster* folds Ø/ø", "-P", "NOEMPTY", K([.. patientKeys, Utf8, "PatientName=øster*"])),
            new("PATIENT PN ?mith* (one character, then a run)", "-P", "NOEMPTY", K([.. patientKeys, "PatientName=?mith*"])),
            new("PATIENT PN Doe^J* across the component delimiter, case-sensitive", "-P", "CASENOEMPTY", K([.. patientKeys, "PatientName=Doe^J*"])),
            new("PATIENT PN single value smith^jim (trailing empty components insignificant)", "-P", "CASENOEMPTY", K([.. patientKeys, "PatientName=smith^jim"])),
            new("PATIENT ID QR00? wildcard, empty matching off", "-P", "NOEMPTY", K([.. patientKeys, "PatientID=QR00?", "IssuerOfPatientID"])),
            new("PATIENT ID QR00? wildcard, empty matching on (patients without ID match)", "-P", "FINDSCU", K([.. patientKeys, "PatientID=QR00?"])),
            new("PATIENT ID QR007 and issuer HOSP_B: one of two patients with that ID", "-P", "NOEMPTY", K([.. patientKeys, "PatientID=QR007", "IssuerOfPatientID=HOSP_B"])),
            new("PATIENT DA range 1950s", "-P", "NOEMPTY", K([.. patientKeys, "PatientBirthDate=19500101-19591231"])),
            new("PATIENT DA range open start -19400101", "-P", "NOEMPTY", K([.. patientKeys, "PatientBirthDate=-19400101"])),
            new("PATIENT DA range open end 20000101-, empty matching on", "-P", "FINDSCU", K([.. patientKeys, "PatientBirthDate=20000101-"])),
            new("PATIENT CS single value sex F", "-P", "NOEMPTY", K([.. patientKeys, "PatientSex=F"])),
            new("PATIENT PN ideographic group only =田中^花子 (UTF-8)", "-P", "NOEMPTY", K([.. patientKeys, Utf8, "PatientName==田中^花子"])),
            new("PATIENT PN Wang^XiaoDong: X1 (UTF-8) and X2 (GB18030) answered in UTF-8", "-P", "NOEMPTY", K([.. patientKeys, "PatientName=Wang^XiaoDong"])),
            new("PATIENT universal in ISO 2022 IR 87: names it cannot hold come back in UTF-8", "-P", "FINDSCU", K([.. patientKeys]), QueryCharset: "\\ISO 2022 IR 87"),
            new("PATIENT PN Yamada^Tarou in ISO 2022 IR 87", "-P", "NOEMPTY", K([.. patientKeys, "PatientName=Yamada^Tarou"]), QueryCharset: "\\ISO 2022 IR 87"),

            // ---- STUDY level (Study Root unless said) ----
            new("STUDY universal: every study", "-S", "FINDSCU", K([.. studyKeys, "StudyDate", "AccessionNumber", "ModalitiesInStudy"])),
            new($"STUDY DA single value {S.StudyDate(88)}", "-S", "NOEMPTY", K([.. studyKeys, $"StudyDate={S.StudyDate(88)}"])),
            new("STUDY DA range first half of 2021, empty matching off", "-S", "NOEMPTY", K([.. studyKeys, "StudyDate=20210101-20210630"])),
            new("STUDY DA range first half of 2021, empty matching on", "-S", "FINDSCU", K([.. studyKeys, "StudyDate=20210101-20210630"])),
            new("STUDY DA range open start -20200131", "-S", "NOEMPTY", K([.. studyKeys, "StudyDate=-20200131"])),
            new("STUDY DA range open end 20220901-", "-S", "NOEMPTY", K([.. studyKeys, "StudyDate=20220901-"])),
            new("STUDY TM range 0932-1147", "-S", "NOEMPTY", K([.. studyKeys, "StudyTime=0932-1147"])),
            new("STUDY TM range open start -0802", "-S", "NOEMPTY", K([.. studyKeys, "StudyTime=-0802"])),
            new("STUDY TM range open end 1703-, empty matching on", "-S", "FINDSCU", K([.. studyKeys, "StudyTime=1703-"])),
            new("STUDY DA and TM ranges matched separately (no combined date-time negotiated)", "-S", "NOEMPTY", K([.. studyKeys, "StudyDate=20200301-20200630", "StudyTime=1000-1400"])),
            new("STUDY SH wildcard ACC0001*, case-insensitive, empty matching on", "-S", "FINDSCU", K([.. studyKeys, "AccessionNumber=ACC0001*"])),
            new("STUDY SH wildcard ACC0001*, case-sensitive, empty matching off", "-S", "CASENOEMPTY", K([.. studyKeys, "AccessionNumber=ACC0001*"])),
            new("STUDY SH wildcard acc*, case-sensitive, empty matching on", "-S", "CASESENS", K([.. studyKeys, "AccessionNumber=acc*"])),
            new("STUDY LO single value ct chest, case-insensitive", "-S", "FINDSCU", K([.. studyKeys, "StudyDescription=ct chest"])),
            new("STUDY LO single value ct chest, case-sensitive", "-S", "CASESENS", K([.. studyKeys, "StudyDescription=ct chest"])),
            new("STUDY LO wildcard *THORAX", "-S", "NOEMPTY", K([.. studyKeys, "StudyDescription=*THORAX"])),
            new("STUDY LO wildcard R?ntgen* (? is one accented character)", "-S", "CASENOEMPTY", K([.. studyKeys, "StudyDescription=R?ntgen*"])),
            new("STUDY patient key in Study Root: PN Müller^Hans", "-S", "NOEMPTY", K([.. studyKeys, Utf8, "PatientName=Müller^Hans"])),
            new("STUDY PN watson^john, case-insensitive, empty matching on", "-S", "FINDSCU", K([.. studyKeys, "ReferringPhysicianName=watson^john"])),
            new("STUDY PN Watson^John, case-sensitive, empty matching off", "-S", "CASENOEMPTY", K([.. studyKeys, "ReferringPhysicianName=Watson^John"])),
            new("STUDY sequence: code P-CT01 in scheme LOCAL", "-S", "NOEMPTY",
                K([.. studyKeys, "ProcedureCodeSequence[0].CodeValue=P-CT01", "ProcedureCodeSequence[0].CodingSchemeDesignator=LOCAL"])),
            new("STUDY sequence: code P-CT01 in scheme 99OTHER", "-S", "NOEMPTY",
                K([.. studyKeys, "ProcedureCodeSequence[0].CodeValue=P-CT01", "ProcedureCodeSequence[0].CodingSchemeDesignator=99OTHER"])),
            new("STUDY sequence: both item keys must match in one item (none do)", "-S", "NOEMPTY",
                K([.. studyKeys, "ProcedureCodeSequence[0].CodeValue=P-CT01", "ProcedureCodeSequence[0].CodeMeaning=US abdomen"]), MayBeEmpty: true),
            new("STUDY sequence: code P-MR02, empty matching on (studies without the sequence match)", "-S", "FINDSCU",
                K([.. studyKeys, "ProcedureCodeSequence[0].CodeValue=P-MR02"])),
            new("STUDY Modalities in Study MR", "-S", "NOEMPTY", K([.. studyKeys, "ModalitiesInStudy=MR"])),
            new("STUDY list of UIDs (one unknown)", "-S", "FINDSCU", K([.. studyKeys, $"StudyInstanceUID={S.StudyUid(3)}\\{S.StudyUid(77)}\\{S.StudyUid(150)}\\1.2.3.4.5.6.7.8.9"])),
            new("STUDY in Patient Root: Patient ID QR012 and a date range", "-P", "NOEMPTY", K(["QueryRetrieveLevel=STUDY", "PatientID=QR012", "StudyInstanceUID", "StudyDate=20200101-20211231"])),
            new("STUDY Query/Retrieve limit 7: FE00 after exactly 7 responses", "-S", "LIMITED", K(studyKeys), Status: "FE00"),
            new("STUDY Query/Retrieve limit 7, 4 matches: success", "-S", "LIMITED", K([.. studyKeys, "PatientID=QR003"])),
            new("SERIES without the study's unique key (hierarchical): refused", "-S", "FINDSCU", K(["QueryRetrieveLevel=SERIES", "SeriesInstanceUID", "Modality=CT"]), Status: "FAIL"),
            new("STUDY UID key with a wild card: refused", "-S", "FINDSCU", K(["QueryRetrieveLevel=STUDY", "StudyInstanceUID=1.2.826.*"]), Status: "FAIL"),

            // ---- SERIES level ----
            new("SERIES all series of a study", "-S", "FINDSCU", K(["QueryRetrieveLevel=SERIES", $"StudyInstanceUID={study5}", "SeriesInstanceUID", "Modality", "SeriesNumber"])),
            new("SERIES CS single value MR", "-S", "NOEMPTY", K(["QueryRetrieveLevel=SERIES", $"StudyInstanceUID={study5}", "SeriesInstanceUID", "Modality=MR"])),
            new("SERIES IS single value series number 2", "-S", "NOEMPTY", K(["QueryRetrieveLevel=SERIES", $"StudyInstanceUID={study5}", "SeriesInstanceUID", "SeriesNumber=2"])),
            new("SERIES LO wildcard *series 3", "-S", "NOEMPTY", K(["QueryRetrieveLevel=SERIES", $"StudyInstanceUID={study5}", "SeriesInstanceUID", "SeriesDescription=*series 3"])),
            new("SERIES in Patient Root: modality SR", "-P", "NOEMPTY", K(["QueryRetrieveLevel=SERIES", $"PatientID={S.PatientId(1)}", $"StudyInstanceUID={study5}", "SeriesInstanceUID", "Modality=SR"])),

            // ---- IMAGE level ----
            new("IMAGE all instances of a series", "-S", "FINDSCU", K(["QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={study6}", $"SeriesInstanceUID={series61}", "SOPInstanceUID", "InstanceNumber", "SOPClassUID"])),
            new("IMAGE IS single value instance number 3", "-S", "NOEMPTY", K(["QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={study6}", $"SeriesInstanceUID={series61}", "SOPInstanceUID", "InstanceNumber=3"])),
            new("IMAGE list of SOP Instance UIDs", "-S", "FINDSCU", K(["QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={study6}", $"SeriesInstanceUID={series61}", $"SOPInstanceUID={series61}.2\\{series61}.5"])),
            new("IMAGE DT range 08:30-09:30", "-S", "NOEMPTY", K(["QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={study6}", $"SeriesInstanceUID={series61}", "SOPInstanceUID", "AcquisitionDateTime=202001310830-202001310930"])),
            new("IMAGE DT range open end 09:00-, empty matching on", "-S", "FINDSCU", K(["QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={study6}", $"SeriesInstanceUID={series61}", "SOPInstanceUID", "AcquisitionDateTime=202001310900-"])),
            new("IMAGE DT range open start, end bound to the hour (-2020013108)", "-S", "NOEMPTY", K(["QueryRetrieveLevel=IMAGE", $"StudyInstanceUID={study6}", $"SeriesInstanceUID={series61}", "SOPInstanceUID", "AcquisitionDateTime=-2020013108"])),
            new("IMAGE in Patient Root", "-P", "FINDSCU", K(["QueryRetrieveLevel=IMAGE", $"PatientID={S.PatientId(1)}", $"StudyInstanceUID={study5}", $"SeriesInstanceUID={study5}.3", "SOPInstanceUID", "SOPClassUID"])),

            // ---- names in other character sets (python3-pydicom's charset_files), each by UTF-8 and by its own set ----
            new("Japanese ideographic =山田^太郎 in UTF-8", "-S", "NOEMPTY", K([.. nameKeys, Utf8, "PatientName==山田^太郎"])),
            new("Japanese ideographic =山田^太郎 in ISO 2022 IR 87", "-S", "NOEMPTY", K([.. nameKeys, "PatientName==山田^太郎"]), QueryCharset: "\\ISO 2022 IR 87"),
            new("Japanese phonetic ==やまだ^たろう in ISO 2022 IR 87", "-S", "NOEMPTY", K([.. nameKeys, "PatientName===やまだ^たろう"]), QueryCharset: "\\ISO 2022 IR 87"),
            new("Japanese kana alphabetic group やまだ^たろう in UTF-8", "-S", "NOEMPTY", K([.. nameKeys, Utf8, "PatientName=やまだ^たろう"])),
            new("Japanese half-width katakana ﾔﾏﾀﾞ^ﾀﾛｳ in ISO 2022 IR 13", "-S", "NOEMPTY", K([.. nameKeys, "PatientName=ﾔﾏﾀﾞ^ﾀﾛｳ"]), QueryCharset: "ISO 2022 IR 13\\ISO 2022 IR 87"),
            new("Korean 김희중 in ISO 2022 IR 149", "-S", "NOEMPTY", K([.. nameKeys, "PatientName=김희중"]), QueryCharset: "\\ISO 2022 IR 149"),
            new("Korean ideographic =洪^吉洞 in UTF-8", "-S", "NOEMPTY", K([.. nameKeys, Utf8, "PatientName==洪^吉洞"])),
            new("Korean phonetic ==홍^길동 in ISO 2022 IR 149", "-S", "NOEMPTY", K([.. nameKeys, "PatientName===홍^길동"]), QueryCharset: "\\ISO 2022 IR 149"),
            new("Chinese =王^小* in UTF-8 (traditional and simplified)", "-S", "NOEMPTY", K([.. nameKeys, Utf8, "PatientName==王^小*"])),
            new("Chinese =王^小东 in GB18030", "-S", "NOEMPTY", K([.. nameKeys, "PatientName==王^小东"]), QueryCharset: "GB18030"),
            new("Greek Διον* in ISO_IR 126", "-S", "NOEMPTY", K([.. nameKeys, "PatientName=Διον*"]), QueryCharset: "ISO_IR 126"),
            new("Greek ΔΙΟΝΥΣΙΟΣ in UTF-8, case-insensitive (final sigma)", "-S", "NOEMPTY", K([.. nameKeys, Utf8, "PatientName=ΔΙΟΝΥΣΙΟΣ"])),
            new("Hebrew שרון^דבורה in ISO_IR 138", "-S", "NOEMPTY", K([.. nameKeys, "PatientName=שרון^דבורה"]), QueryCharset: "ISO_IR 138"),
            new("Hebrew שרון* in UTF-8", "-S", "NOEMPTY", K([.. nameKeys, Utf8, "PatientName=שרון*"])),
            new("Arabic قباني^لنزار in ISO_IR 127", "-S", "NOEMPTY", K([.. nameKeys, "PatientName=قباني^لنزار"]), QueryCharset: "ISO_IR 127"),
            new("Arabic قباني* in UTF-8", "-S", "NOEMPTY", K([.. nameKeys, Utf8, "PatientName=قباني*"])),
            new("Russian Люк* in ISO_IR 144", "-S", "NOEMPTY", K([.. nameKeys, "PatientName=Люк*"]), QueryCharset: "ISO_IR 144"),
            new("Russian ЛЮКCEМБYPГ in UTF-8, case-insensitive", "-S", "NOEMPTY", K([.. nameKeys, Utf8, "PatientName=ЛЮКCEМБYPГ"])),
            new("German Äneas^Rüdiger in ISO_IR 100", "-S", "NOEMPTY", K([.. nameKeys, "PatientName=Äneas^Rüdiger"]), QueryCharset: "ISO_IR 100"),
            new("German äneas* in UTF-8, case-insensitive", "-S", "NOEMPTY", K([.. nameKeys, Utf8, "PatientName=äneas*"])),
            new("French Buc^Jé?ôme in ISO_IR 100", "-S", "NOEMPTY", K([.. nameKeys, "PatientName=Buc^Jé?ôme"]), QueryCharset: "ISO_IR 100"),
            new("German müller* in ISO_IR 100 over the synthetic names", "-S", "NOEMPTY", K([.. nameKeys, "PatientName=müller*"]), QueryCharset: "ISO_IR 100"),
        ];
    }

    [Fact]
    public void Findscu_table_every_query_returns_exactly_the_expected_entities_and_status()
    {
        var archive = fixture.Archive;
        output.WriteLine($"archive: {archive.Instances.Count} instances, {archive.Patients.Count} patients, {archive.Studies.Count} studies, {archive.Series.Count} series; built and served in {fixture.BuildTime.TotalSeconds:F1} s");
        foreach (var reason in archive.LeftOut) output.WriteLine($"  not in the archive: {reason}");
        Assert.Equal(1000, archive.Instances.Count(i => i.Source.Contains("/synthetic/", StringComparison.Ordinal)));

        var rows = Rows();
        var root = Path.Combine(fixture.WorkDirectory, "find");
        var failures = new List<string>();

        // Query files for the rows in another character set, written by pydicom.
        var spec = new JsonArray();
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].QueryCharset is not { } charset) continue;
            var keys = new JsonObject();
            foreach (var (key, value) in rows[i].Keys.Select(SplitKey)) keys[key] = value;
            spec.Add(new JsonObject
            {
                ["Path"] = QueryFile(root, i),
                ["SpecificCharacterSet"] = charset.Contains('\\') ? new JsonArray([.. charset.Split('\\').Select(c => (JsonNode)c)]) : charset,
                ["Keys"] = keys,
            });
        }
        Directory.CreateDirectory(root);
        var specPath = Path.Combine(root, "queries.json");
        File.WriteAllText(specPath, spec.ToJsonString());
        var written = QrPython.RunToJson("queries", [specPath]);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].QueryCharset is not { } charset) continue;
            var name = rows[i].Keys.Select(SplitKey).First(k => k.Key == "PatientName").Value;
            if (Ascii.IsValid(name)) continue; // the same bytes in every character set
            var raw = Convert.FromHexString(written[QueryFile(root, i)]!["PatientName"]!.GetValue<string>()).AsSpan().TrimEnd((byte)' ').ToArray();
            if (raw.AsSpan().SequenceEqual(Encoding.UTF8.GetBytes(name)))
                failures.Add($"{rows[i].Name}: pydicom wrote the query's name in UTF-8, not in {charset}");
            if (charset.StartsWith('\\') && !raw.Contains((byte)0x1B))
                failures.Add($"{rows[i].Name}: the query's name has no ISO 2022 escape sequence: {Convert.ToHexString(raw)}");
        }

        var runs = new Findscu.Run[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var dir = Path.Combine(root, $"row{i:D3}");
            runs[i] = row.QueryCharset is null
                ? Findscu.Query(fixture.Server.Port, row.Calling, row.Model, row.Keys, null, dir)
                : Findscu.Query(fixture.Server.Port, row.Calling, row.Model, [], QueryFile(root, i), dir);
        }
        var responses = QrPython.RunToJson("responses", runs.Select(r => r.OutputDirectory));

        int checkedRows = 0;
        for (int i = 0; i < rows.Count; i++)
        {
            var problems = Check(rows[i], runs[i], responses[runs[i].OutputDirectory]!.AsArray(), out var summary);
            output.WriteLine($"[{(problems.Count == 0 ? "ok" : "FAILED")}] {rows[i].Name}: {summary}");
            if (problems.Count > 0)
                failures.Add($"{rows[i].Name} (as {rows[i].Calling}, {FindArchiveFixture.Devices[rows[i].Calling]})\n    {runs[i].CommandLine}\n    " + string.Join("\n    ", problems));
            checkedRows++;
        }
        Assert.True(checkedRows >= 40, $"only {checkedRows} rows");
        Assert.True(failures.Count == 0, $"{failures.Count} of {rows.Count} queries failed:\n\n" + string.Join("\n\n", failures));
    }

    /// <summary>
    /// C-CANCEL (PS3.7 §9.3.2.3): findscu sends a C-CANCEL-RQ after the 2nd of 225 pending responses;
    /// Osprey stops and ends with FE00. The cancel races the responses already on their way: when Osprey
    /// has sent every match before the C-CANCEL-RQ reaches it, the query has completed and Success (with
    /// all 225) is the right answer, so findscu is run up to five times for one cancelled query, and every
    /// run must end one of those two ways. findscu's <c>--repeat 2</c> then runs the query again on the same
    /// association (its --cancel only counts the first run's responses), which must return every match;
    /// an echoscu afterwards still succeeds.
    /// </summary>
    [Fact]
    public void Findscu_cancel_ends_the_query_with_FE00_and_the_association_goes_on()
    {
        int studies = fixture.Archive.Studies.Count;
        bool cancelled = false;
        for (int attempt = 1; attempt <= 5 && !cancelled; attempt++)
        {
            var dir = Path.Combine(fixture.WorkDirectory, $"cancel{attempt}");
            var run = Findscu.Query(fixture.Server.Port, "FINDSCU", "-S", ["QueryRetrieveLevel=STUDY", "StudyInstanceUID"], null, dir, "--cancel", "2", "--repeat", "2");
            Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(run.Result.Output, "Association Accepted"));
            Assert.Contains("Sending Cancel Request", run.Result.Output);
            Assert.True(run.FinalStatuses.Count == 2, $"expected two final responses, got {string.Join(", ", run.FinalStatuses.Select(x => x.ToString("X4", CultureInfo.InvariantCulture)))}");
            int firstRunPending = run.Statuses.TakeWhile(x => x is 0xFF00 or 0xFF01).Count();
            int secondRunPending = run.Statuses.Skip(firstRunPending + 1).Count(x => x is 0xFF00 or 0xFF01);
            output.WriteLine($"attempt {attempt}: first query ended {run.FinalStatuses[0]:X4} after {firstRunPending} of {studies} pending responses; " +
                             $"the repeat on the same association ended {run.FinalStatuses[1]:X4} after {secondRunPending}");
            if (run.FinalStatuses[0] == 0xFE00)
            {
                Assert.InRange(firstRunPending, 2, studies - 1);
                cancelled = true;
            }
            else
            {
                Assert.True(run.FinalStatuses[0] == 0x0000 && firstRunPending == studies,
                    $"the cancelled query ended {run.FinalStatuses[0]:X4} after {firstRunPending} of {studies} matches: neither FE00 nor a completed Success");
            }
            Assert.Equal(0x0000, run.FinalStatuses[1]);
            Assert.Equal(studies, secondRunPending);
        }
        Assert.True(cancelled, "in five runs the C-CANCEL never ended the query with FE00");

        var echo = Peer.Run("echoscu", "-v", "-aec", "OSPREY", "127.0.0.1", fixture.Server.Port.ToString(CultureInfo.InvariantCulture));
        Assert.True(echo.ExitCode == 0, echo.ToString());
        Assert.Contains("Received Echo Response (Success)", echo.Output);
    }

    /// <summary>
    /// What findscu cannot negotiate (it proposes no SOP Class Extended Negotiation): relational queries
    /// (PS3.4 C.4.1.3.2) and combined date-time matching (C.2.2.2.5, C.5.1.1), asked with Osprey's own
    /// requestor (Osprey.Network's ClientAssociation) — the only client here that can, so this checks
    /// the server against the test's own expectation, not against an independent peer.
    /// </summary>
    [Fact]
    public async Task Own_client_relational_and_combined_date_time_queries_return_the_expected_entities()
    {
        var failures = new List<string>();
        var noEmpty = FindArchiveFixture.Devices["NOEMPTY"];

        async Task Check(string name, string sopClass, QrLevel level, (string Key, string Value)[] keys, bool combined, Func<QrEntity, bool>? expectedOverride = null)
        {
            var expected = expectedOverride is null
                ? ExpectedMatcher.Matches(fixture.Archive.At(level), keys, noEmpty)
                : [.. fixture.Archive.At(level).Where(expectedOverride)];
            var (status, uids, accepted) = await OwnFindAsync(sopClass, level, keys, relational: true, combined);
            var wanted = expected.Select(e => e.Key).Order(StringComparer.Ordinal).ToList();
            var got = uids.Order(StringComparer.Ordinal).ToList();
            output.WriteLine($"[{(status == 0 && wanted.SequenceEqual(got) ? "ok" : "FAILED")}] own client: {name}: {wanted.Count} expected, {got.Count} returned, status {status:X4}, accepted extended negotiation {Convert.ToHexString(accepted)}");
            if (expected.Count == 0) failures.Add($"{name}: the test's expectation is empty");
            if (accepted.Length < (combined ? 2 : 1) || accepted[0] != 1 || (combined && accepted[1] != 1))
                failures.Add($"{name}: extended negotiation not accepted as asked: {Convert.ToHexString(accepted)}");
            if (status != 0) failures.Add($"{name}: final status {status:X4}");
            if (!wanted.SequenceEqual(got))
                failures.Add($"{name}: expected [{string.Join(", ", wanted.Take(10))}] ({wanted.Count}), got [{string.Join(", ", got.Take(10))}] ({got.Count})");
        }

        // Relational: no unique keys of the levels above the query level.
        await Check("relational SERIES: modality SR, series number 3, across the archive", StudyRootFind, QrLevel.Series,
            [("Modality", "SR"), ("SeriesNumber", "3"), ("SeriesInstanceUID", "")], combined: false);
        await Check("relational IMAGE: DT range over January 2021 across the archive", StudyRootFind, QrLevel.Image,
            [("AcquisitionDateTime", "20210101-20210131"), ("SOPInstanceUID", "")], combined: false);
        await Check("relational STUDY in Patient Root: patient name ?mith* without Patient ID", PatientRootFind, QrLevel.Study,
            [("PatientName", "?mith*"), ("StudyInstanceUID", "")], combined: false);

        // Combined date-time: 2020-03-06 10:00 to 2020-04-05 14:00 as one range.
        var from = new DateTime(2020, 3, 6, 10, 0, 0);
        var to = new DateTime(2020, 4, 5, 14, 0, 59, 999).AddTicks(9990);
        bool InCombinedRange(QrEntity study)
        {
            if (study.First["StudyDate"] is not { Length: 8 } date || study.First["StudyTime"] is not { Length: >= 4 } time) return false;
            var moment = DateTime.ParseExact(date + time[..4], "yyyyMMddHHmm", CultureInfo.InvariantCulture);
            return moment >= from && moment <= to;
        }
        (string, string)[] dateTimeKeys = [("StudyDate", "20200306-20200405"), ("StudyTime", "1000-1400"), ("StudyInstanceUID", "")];
        var separate = ExpectedMatcher.Matches(fixture.Archive.Studies, dateTimeKeys, noEmpty).Select(e => e.Key).ToHashSet();
        var combinedSet = fixture.Archive.Studies.Where(InCombinedRange).Select(e => e.Key).ToHashSet();
        Assert.False(separate.SetEquals(combinedSet), "the combined date-time row must tell the two ways of matching apart");
        await Check("combined date-time STUDY: 20200306-20200405 with 1000-1400", StudyRootFind, QrLevel.Study, dateTimeKeys, combined: true, InCombinedRange);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private const string StudyRootFind = "1.2.840.10008.5.1.4.1.2.2.1", PatientRootFind = "1.2.840.10008.5.1.4.1.2.1.1";

    /// <summary>A C-FIND with Osprey's requestor as NOEMPTY: final status, the unique key of every response, and the accepted extended negotiation bytes.</summary>
    private async Task<(ushort Status, List<string> Uids, byte[] Accepted)> OwnFindAsync(string sopClass, QrLevel level, (string Key, string Value)[] keys, bool relational, bool combined)
    {
        byte[] info = [relational ? (byte)1 : (byte)0, combined ? (byte)1 : (byte)0];
        var options = new Osprey.Network.Client.ClientOptions
        {
            Host = "127.0.0.1",
            Port = fixture.Server.Port,
            CallingAeTitle = "NOEMPTY",
            CalledAeTitle = "OSPREY",
            Proposals = [(sopClass, ["1.2.840.10008.1.2.1"])],
            ExtendedNegotiations = [new Osprey.Network.Pdu.SopClassExtendedNegotiation(sopClass, info)],
        };
        await using var association = await Osprey.Network.Client.ClientAssociation.ConnectAsync(options);
        var accepted = association.Accepted.UserInformation.SopClassExtendedNegotiations.FirstOrDefault(n => n.SopClassUid == sopClass)?.ApplicationInformation ?? [];
        var identifier = new Osprey.Dicom.Data.DicomDataset();
        identifier.AddOrUpdate(Osprey.Dicom.Dictionary.DicomTags.QueryRetrieveLevel, level switch
        {
            QrLevel.Patient => "PATIENT",
            QrLevel.Study => "STUDY",
            QrLevel.Series => "SERIES",
            _ => "IMAGE",
        });
        foreach (var (key, value) in keys)
        {
            var tag = Osprey.Dicom.Dictionary.DicomDictionary.LookupKeyword(key)?.Tag ?? throw new ArgumentException(key);
            if (value.Length == 0) identifier.AddOrUpdate(tag, Array.Empty<string>());
            else identifier.AddOrUpdate(tag, value.Split('\\'));
        }
        using var bytes = new MemoryStream();
        Osprey.Dicom.IO.DicomDatasetWriter.Write(identifier, bytes, Osprey.Dicom.Data.DicomTransferSyntax.ExplicitVRLittleEndian);
        var request = Osprey.Network.Dimse.DimseCommand.CFindRq(association.NextMessageId(), sopClass);
        var responses = await association.SendRequestAsync(sopClass, request, bytes.ToArray().AsMemory());
        var unique = ExpectedMatcher.UniqueKey(level);
        var uniqueTag = Osprey.Dicom.Dictionary.DicomDictionary.LookupKeyword(unique)!.Tag;
        var uids = responses.Where(r => r.DataSet is not null && r.Status is 0xFF00 or 0xFF01)
            .Select(r => Osprey.Dicom.IO.DicomDatasetDecoder.Decode(r.DataSet, Osprey.Dicom.Data.DicomTransferSyntax.ExplicitVRLittleEndian).GetString(uniqueTag)?.Trim(' ', '\0') ?? "")
            .ToList();
        await association.ReleaseAsync();
        return (responses[^1].Status ?? 0xFFFF, uids, accepted);
    }

    private static string QueryFile(string root, int row) => Path.Combine(root, $"query{row:D3}.dcm");

    private static (string Key, string Value) SplitKey(string key)
    {
        int eq = key.IndexOf('=');
        return eq < 0 ? (key, "") : (key[..eq], key[(eq + 1)..]);
    }

    private List<string> Check(FindRow row, Findscu.Run run, JsonArray responses, out string summary)
    {
        var problems = new List<string>();
        var keys = row.Keys.Select(SplitKey).ToList();
        var level = ExpectedMatcher.ParseLevel(keys.First(k => k.Key == "QueryRetrieveLevel").Value);
        var options = FindArchiveFixture.Devices[row.Calling];
        string status = run.FinalStatus is { } s ? s.ToString("X4", CultureInfo.InvariantCulture) : "none";
        summary = $"{responses.Count} responses, final status {status}";

        if (row.Status == "FAIL")
        {
            if (run.FinalStatus is not ({ } f and (0xA900 or >= 0xC000 and <= 0xCFFF)))
                problems.Add($"expected a refusal (A900 or Cxxx), got status {status}\n{Tail(run.Result.Output)}");
            if (responses.Count != 0) problems.Add($"expected no response identifier, got {responses.Count}");
            return problems;
        }

        var expected = ExpectedMatcher.Matches(fixture.Archive.At(level), keys, options);
        summary = $"{expected.Count} expected, " + summary;
        if (expected.Count == 0 && !row.MayBeEmpty) problems.Add("the test's own expectation is empty: the row tests nothing");
        if (run.FinalStatus?.ToString("X4", CultureInfo.InvariantCulture) != row.Status)
            problems.Add($"final status {status}, expected {row.Status}\n{Tail(run.Result.Output)}");

        var unique = ExpectedMatcher.UniqueKey(level);
        if (!keys.Any(k => k.Key == unique)) problems.Add($"the row must ask for the unique key {unique}");
        var requestedTags = keys.Select(k => k.Key == "QueryRetrieveLevel" ? ExpectedMatcher.QueryRetrieveLevelTag
            : k.Key == "SpecificCharacterSet" ? ExpectedMatcher.SpecificCharacterSetTag
            : ExpectedMatcher.Keys[k.Key.Split('[')[0]].Tag).ToHashSet(StringComparer.Ordinal);
        var compared = keys.Select(k => k.Key).Where(k => ExpectedMatcher.Keys.TryGetValue(k, out var info) && info.VR != "SQ").Distinct().ToList();
        string requestCharset = row.QueryCharset ?? keys.FirstOrDefault(k => k.Key == "SpecificCharacterSet").Value ?? "";

        var actual = new List<string>();
        foreach (var node in responses)
        {
            var response = node!.AsObject();
            string file = response["File"]!.GetValue<string>();
            if (response["Error"] is { } error)
            {
                problems.Add($"{file}: pydicom cannot read it: {error}");
                continue;
            }
            var tags = response["Tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var values = response["Values"]!.AsObject();
            var extra = tags.Except(requestedTags).Except(ExpectedMatcher.IdentifierTags).ToList();
            var missing = requestedTags.Except(tags).Where(t => t != ExpectedMatcher.SpecificCharacterSetTag).ToList();
            if (extra.Count > 0) problems.Add($"{file}: attributes that were not asked for: {string.Join(", ", extra)}");
            if (missing.Count > 0) problems.Add($"{file}: requested keys missing: {string.Join(", ", missing)}");
            if (values["QueryRetrieveLevel"]?.GetValue<string>() != keys.First(k => k.Key == "QueryRetrieveLevel").Value)
                problems.Add($"{file}: Query/Retrieve Level {values["QueryRetrieveLevel"]}");

            var tuple = Tuple(compared, k => values[k] is JsonValue v ? v.GetValue<string>() : "");
            actual.Add(tuple);

            string responseCharset = values["SpecificCharacterSet"]?.GetValue<string>() ?? "";
            if (requestCharset.Length > 0)
            {
                var entity = expected.FirstOrDefault(e => e.Key == (values[unique]?.GetValue<string>() ?? "").Trim());
                bool storedInRequestSet = entity is not null && Same(entity.First["SpecificCharacterSet"] ?? "", requestCharset);
                if (storedInRequestSet ? !Same(responseCharset, requestCharset) : !(Same(responseCharset, requestCharset) || responseCharset == "ISO_IR 192"))
                    problems.Add($"{file}: answered in \"{responseCharset}\"; the request was in \"{requestCharset}\"" + (storedInRequestSet ? ", in which every value of the entity fits" : " (or UTF-8)"));
            }
        }

        var expectedTuples = expected.Select(e => Tuple(compared, e.ValueOf)).ToList();
        if (row.Status == "FE00")
        {
            if (expected.Count <= FindArchiveFixture.Limit) problems.Add($"the row needs more than {FindArchiveFixture.Limit} matches to reach the limit");
            if (actual.Count != FindArchiveFixture.Limit) problems.Add($"{actual.Count} responses; the limit is {FindArchiveFixture.Limit}");
            var notExpected = MultisetExcept(actual, expectedTuples);
            if (notExpected.Count > 0) problems.Add("responses that do not match:\n      " + string.Join("\n      ", notExpected.Take(8)));
        }
        else
        {
            var missing = MultisetExcept(expectedTuples, actual);
            var unexpected = MultisetExcept(actual, expectedTuples);
            if (missing.Count > 0) problems.Add($"{missing.Count} expected but not returned (or returned with other values):\n      " + string.Join("\n      ", missing.Take(8)));
            if (unexpected.Count > 0) problems.Add($"{unexpected.Count} returned but not expected:\n      " + string.Join("\n      ", unexpected.Take(8)));
        }
        return problems;
    }

    private static bool Same(string charsetA, string charsetB) => charsetA.Trim() == charsetB.Trim();

    /// <summary>One entity as compared: each compared key with its value (modalities as a sorted set).</summary>
    private static string Tuple(List<string> keywords, Func<string, string> value) => string.Join(" | ", keywords.Select(k =>
    {
        var v = value(k).Trim(' ', '\0');
        if (k == "ModalitiesInStudy") v = string.Join('\\', v.Split('\\').Order(StringComparer.Ordinal));
        return $"{k}={v}";
    }));

    private static List<string> MultisetExcept(List<string> a, List<string> b)
    {
        var left = b.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var x in a)
        {
            if (left.TryGetValue(x, out var n) && n > 0) left[x] = n - 1;
            else result.Add(x);
        }
        return result;
    }

    private static string Tail(string text) => text.Length <= 1500 ? text : "…" + text[^1500..];
}
