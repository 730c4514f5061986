using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Osprey.Interop.Tests.QueryRetrieve;

/// <summary>
/// The synthetic part of the query archive: 50 patients × 4 studies × 5 instances (1,000), the studies
/// having one, two or three series. Every attribute is a plain function of the patient, study, series
/// and instance numbers, so the table is the truth the expected results are computed from; pydicom
/// writes the files (<c>qr_pydicom.py synth</c>), in ISO_IR 100 or ISO_IR 192.
/// </summary>
public static class SyntheticArchive
{
    public const string UidRoot = "1.2.826.0.1.3680043.9.7433.4";
    public const int Patients = 50, StudiesPerPatient = 4;

    public const string CtImage = "1.2.840.10008.5.1.4.1.1.2", MrImage = "1.2.840.10008.5.1.4.1.1.4",
        UsImage = "1.2.840.10008.5.1.4.1.1.6.1", BasicTextSr = "1.2.840.10008.5.1.4.1.1.88.11";

    /// <summary>Patient's Name of patient p (null: absent). Mixed case, accents, an ideographic group, an empty one.</summary>
    public static string? PatientName(int p) => p switch
    {
        0 => "Müller^Hans",
        1 => "MÜLLER^Greta",
        2 => "müller^Lena",
        3 => "Mueller^Karl",
        4 => "Øster^Ida",
        5 => "ØSTER^Per",
        6 => null,
        7 => "",
        8 => "Smith^John",
        9 => "SMITH^Jane",
        10 => "smith^jim^^",
        11 => "Smythe^Anna",
        12 => "Doe^John^Q",
        13 => "Doe^Jane",
        14 => "O'Brien^Pat",
        15 => "Ångström^Anders",
        16 => "Çelik^Ayşe",
        17 => "Dvořák^Antonín",
        18 => "øster^Ole",
        19 => "Tanaka^Hanako=田中^花子=たなか^はなこ",
        _ when p % 5 == 0 => $"TEST{p:D2}^GIVEN{p % 7}",
        _ => $"Test{p:D2}^Given{p % 7}",
    };

    /// <summary>Patient ID: QRnnn; patients 7 and 8 share QR007 under different issuers.</summary>
    public static string PatientId(int p) => p == 8 ? "QR007" : $"QR{p:D3}";

    public static string? Issuer(int p) => p switch
    {
        7 => "HOSP_A",
        8 => "HOSP_B",
        _ when p % 3 == 0 => "HOSP_A",
        _ when p % 3 == 1 => "HOSP_B",
        _ => null,
    };

    public static string? BirthDate(int p) => p == 20 ? null
        : new DateOnly(1930 + p * 37 % 80, 1 + p % 12, 1 + p % 28).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string? Sex(int p) => p == 21 ? "" : (p % 3) switch { 0 => "M", 1 => "F", _ => "O" };

    public static string StudyUid(int k) => $"{UidRoot}.{k / StudiesPerPatient + 1}.{k % StudiesPerPatient + 1}";

    /// <summary>Study Date of study k (k = p × 4 + s), 2020 to 2022; every 23rd absent.</summary>
    public static string? StudyDate(int k) => k % 23 == 5 ? null
        : new DateOnly(2020, 1, 1).AddDays(k * 5 % 1000).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>
    /// Study Time: 07:00 to 18:55 on minutes that are multiples of five, written HHMM, HHMMSS or
    /// HHMMSS.FFFFFF; every 17th absent. Range bounds of the queries fall on other minutes, so that
    /// the precision of a bound never decides a match.
    /// </summary>
    public static string? StudyTime(int k)
    {
        if (k % 17 == 3) return null;
        int hour = 7 + k % 12, minute = 5 * (k * 7 % 12);
        return (k % 3) switch
        {
            0 => $"{hour:D2}{minute:D2}",
            1 => $"{hour:D2}{minute:D2}{(k % 2 == 0 ? 0 : 30):D2}",
            _ => $"{hour:D2}{minute:D2}00.250000",
        };
    }

    /// <summary>Accession Number: ACCnnnnn, lower case for every 10th, empty for k%9==4, absent for k%9==7.</summary>
    public static string? Accession(int k) => (k % 9) switch
    {
        4 => "",
        7 => null,
        _ when k % 10 == 1 => $"acc{k:D5}",
        _ => $"ACC{k:D5}",
    };

    public static string StudyDescription(int k) => (k % 8) switch
    {
        0 => "CT Chest",
        1 => "MR Brain",
        2 => "ct chest",
        3 => "CT CHEST",
        4 => "US Abdomen",
        5 => "Röntgen Thorax",
        6 => "Ultraschall Bauch",
        _ => "",
    };

    public static string? ReferringPhysician(int k) => (k % 5) switch
    {
        0 => "Watson^John",
        1 => "WATSON^JOHN",
        2 => "Holmes^Sherlock",
        3 => null,
        _ => "Hudson^Martha",
    };

    public static IReadOnlyList<IReadOnlyDictionary<string, string>>? ProcedureCodes(int k) => (k % 6) switch
    {
        0 => [Code("P-CT01", "LOCAL", "CT chest")],
        1 => [Code("P-MR02", "LOCAL", "MR brain")],
        2 => [Code("24627-2", "LN", "Chest CT")],
        3 => null,
        4 => [Code("P-CT01", "LOCAL", "CT chest"), Code("P-US03", "LOCAL", "US abdomen")],
        _ => [Code("P-CT01", "99OTHER", "CT chest other scheme")],
    };

    /// <summary>Instances per series of study k: 5, 2+3 or 1+2+2.</summary>
    public static int[] SeriesSizes(int k) => (k % 3) switch { 0 => [5], 1 => [2, 3], _ => [1, 2, 2] };

    public static string Modality(int k, int j) => ((k + j) % 4) switch { 0 => "CT", 1 => "MR", 2 => "US", _ => "SR" };

    /// <summary>The 1,000 instances, in patient, study, series, instance order.</summary>
    public static IReadOnlyList<QrInstance> Instances(string directory)
    {
        var result = new List<QrInstance>(1000);
        for (int p = 0; p < Patients; p++)
        {
            for (int s = 0; s < StudiesPerPatient; s++)
            {
                int k = p * StudiesPerPatient + s;
                var sizes = SeriesSizes(k);
                for (int j = 0; j < sizes.Length; j++)
                {
                    for (int i = 0; i < sizes[j]; i++)
                    {
                        var a = new Dictionary<string, string>(StringComparer.Ordinal);
                        void Set(string keyword, string? value)
                        {
                            if (value is not null) a[keyword] = value;
                        }
                        string modality = Modality(k, j);
                        string series = $"{StudyUid(k)}.{j + 1}";
                        Set("PatientName", PatientName(p));
                        Set("PatientID", PatientId(p));
                        Set("IssuerOfPatientID", Issuer(p));
                        Set("PatientBirthDate", BirthDate(p));
                        Set("PatientSex", Sex(p));
                        Set("StudyInstanceUID", StudyUid(k));
                        Set("StudyDate", StudyDate(k));
                        Set("StudyTime", StudyTime(k));
                        Set("AccessionNumber", Accession(k));
                        Set("StudyID", $"S{s + 1}");
                        Set("StudyDescription", StudyDescription(k));
                        Set("ReferringPhysicianName", ReferringPhysician(k));
                        Set("SeriesInstanceUID", series);
                        Set("Modality", modality);
                        Set("SeriesNumber", (j + 1).ToString(CultureInfo.InvariantCulture));
                        Set("SeriesDescription", $"{modality} series {j + 1}");
                        Set("SOPInstanceUID", $"{series}.{i + 1}");
                        Set("SOPClassUID", modality switch { "CT" => CtImage, "MR" => MrImage, "US" => UsImage, _ => BasicTextSr });
                        Set("InstanceNumber", (i + 1).ToString(CultureInfo.InvariantCulture));
                        if (modality != "SR" && (k + i) % 7 != 3)
                            Set("AcquisitionDateTime", AcquisitionDateTime(k, i));
                        bool latin1 = a.Values.Concat(ProcedureCodes(k)?.SelectMany(c => c.Values) ?? []).All(FitsLatin1);
                        a["SpecificCharacterSet"] = latin1 && p % 2 == 0 ? "ISO_IR 100" : "ISO_IR 192";
                        result.Add(new QrInstance
                        {
                            Source = Path.Combine(directory, $"syn{result.Count:D4}.dcm"),
                            Attributes = a,
                            ProcedureCodes = ProcedureCodes(k),
                            TransferSyntaxUid = "1.2.840.10008.1.2.1",
                        });
                    }
                }
            }
        }
        return result;
    }

    /// <summary>Acquisition Date Time (DT) of instance i of study k: the study's day (or 2020-06-15) at 08:00 + 37 min × i + k min.</summary>
    public static string AcquisitionDateTime(int k, int i)
    {
        var day = StudyDate(k) is { } d ? DateTime.ParseExact(d, "yyyyMMdd", CultureInfo.InvariantCulture) : new DateTime(2020, 6, 15);
        return day.AddHours(8).AddMinutes(37 * i + k % 60).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
    }

    /// <summary>Writes the instances with pydicom, each in its Specific Character Set: ISO_IR 100 when all its text fits Latin-1 and its patient number is even, else ISO_IR 192.</summary>
    public static void Write(IReadOnlyList<QrInstance> instances)
    {
        var table = new JsonArray();
        for (int n = 0; n < instances.Count; n++)
        {
            var instance = instances[n];
            var attributes = new JsonObject();
            foreach (var (key, value) in instance.Attributes) attributes[key] = value;
            var modality = instance["Modality"];
            table.Add(new JsonObject
            {
                ["File"] = Path.GetFileName(instance.Source),
                ["SpecificCharacterSet"] = instance["SpecificCharacterSet"],
                ["SOPClassUID"] = instance["SOPClassUID"],
                ["SOPInstanceUID"] = instance.SopUid,
                ["Attributes"] = attributes,
                ["ProcedureCodeSequence"] = instance.ProcedureCodes is { } codes
                    ? new JsonArray([.. codes.Select(c => (JsonNode)new JsonObject(c.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))))])
                    : null,
                ["Pixels"] = modality switch { "SR" => null, "US" => "mono8", _ => "mono16" },
                ["Seed"] = n,
            });
        }
        var directory = Path.GetDirectoryName(instances[0].Source)!;
        Directory.CreateDirectory(directory);
        var tablePath = Path.Combine(directory, "..", "synthetic-table.json");
        File.WriteAllText(tablePath, table.ToJsonString());
        QrPython.Run("synth", tablePath, directory);
    }

    private static readonly Encoding Latin1 = Encoding.GetEncoding("ISO-8859-1", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private static bool FitsLatin1(string text)
    {
        try
        {
            Latin1.GetBytes(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }

    private static Dictionary<string, string> Code(string value, string scheme, string meaning) => new(StringComparer.Ordinal)
    {
        ["CodeValue"] = value,
        ["CodingSchemeDesignator"] = scheme,
        ["CodeMeaning"] = meaning,
    };
}
