using System.Globalization;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Benchmarks;

/// <summary>
/// A deterministic synthetic archive for the query benchmarks: <see cref="Studies"/> studies of
/// <see cref="InstancesPerStudy"/> instances each, spread over <see cref="Patients"/> patients, with
/// varied attributes a real archive has. Every value is a pure function of the seed and the study's
/// number, so the index generator (<see cref="GenerateIndexCommand"/>) and the file generator
/// (<see cref="GenerateCommand"/> <c>--archive</c>) describe the same kind of archive, and
/// <see cref="Manifest"/> knows how many studies each query should find.
/// <list type="bullet">
/// <item>Patients: Patient ID <c>P%06d</c> (the patient's number), names <c>FAMILY^GIVEN^M</c> from
/// 200 family and 100 given names (so a 3-letter prefix like <c>SMI</c> matches a few hundred
/// patients of 30,000, and <c>SMITH^JOHN*</c> a handful), birth date, sex. Each study belongs to a
/// patient picked by hash, about 3.3 studies per patient at 100,000 studies and 30,000 patients.</item>
/// <item>Studies: Study Instance UID <c>ROOT.n</c>, Accession Number <c>A%08d</c> (unique), Study
/// Date uniform over ten years from 2015-01-01 (about 27 studies a day at 100,000), Study Time,
/// Study ID, a description and referring physician by modality.</item>
/// <item>Series: 1 to 4 per study (never more than its instances); the study's modality (CT 25%,
/// MR 20%, CR 20%, DX 10%, US 10%, MG 7%, NM 4%, PT 4% with a CT series); one study in ten with two
/// or more series ends with a one-instance SR series. UIDs <c>ROOT.n.s</c> and <c>ROOT.n.s.i</c>.</item>
/// </list>
/// </summary>
public sealed class SyntheticArchive
{
    /// <summary>Changes whenever the model changes, so a cached archive made by an older model is not reused.</summary>
    public const string ModelVersion = "osprey-synthetic-archive-1";

    /// <summary>Study Dates run from this day for <see cref="DateSpanDays"/> days.</summary>
    public static readonly DateOnly FirstDate = new(2015, 1, 1);

    public const int DateSpanDays = 3653;

    public SyntheticArchive(int studies, int instancesPerStudy, int patients, string uidRoot, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(studies, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(instancesPerStudy, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        Studies = studies;
        InstancesPerStudy = instancesPerStudy;
        Patients = patients;
        UidRoot = uidRoot;
        Seed = seed;
    }

    public int Studies { get; }
    public int InstancesPerStudy { get; }
    public int Patients { get; }
    public string UidRoot { get; }
    public ulong Seed { get; }
    public long Instances => (long)Studies * InstancesPerStudy;

    /// <summary>The default number of patients for a number of studies: 3 for every 10 (30,000 for 100,000).</summary>
    public static int DefaultPatients(int studies) => Math.Max(1, (int)(studies * 3L / 10));

    // ---------------------------------------------------------------------------------------------
    // Names (upper case, as many sites store them)
    // ---------------------------------------------------------------------------------------------

    private static readonly string[] FamilyNames =
    [
        "SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ", "MARTINEZ",
        "HERNANDEZ", "LOPEZ", "GONZALEZ", "WILSON", "ANDERSON", "THOMAS", "TAYLOR", "MOORE", "JACKSON", "MARTIN",
        "LEE", "PEREZ", "THOMPSON", "WHITE", "HARRIS", "SANCHEZ", "CLARK", "RAMIREZ", "LEWIS", "ROBINSON",
        "WALKER", "YOUNG", "ALLEN", "KING", "WRIGHT", "SCOTT", "TORRES", "NGUYEN", "HILL", "FLORES",
        "GREEN", "ADAMS", "NELSON", "BAKER", "HALL", "RIVERA", "CAMPBELL", "MITCHELL", "CARTER", "ROBERTS",
        "GOMEZ", "PHILLIPS", "EVANS", "TURNER", "DIAZ", "PARKER", "CRUZ", "EDWARDS", "COLLINS", "REYES",
        "STEWART", "MORRIS", "MORALES", "MURPHY", "COOK", "ROGERS", "GUTIERREZ", "ORTIZ", "MORGAN", "COOPER",
        "PETERSON", "BAILEY", "REED", "KELLY", "HOWARD", "RAMOS", "KIM", "COX", "WARD", "RICHARDSON",
        "WATSON", "BROOKS", "CHAVEZ", "WOOD", "JAMES", "BENNETT", "GRAY", "MENDOZA", "RUIZ", "HUGHES",
        "PRICE", "ALVAREZ", "CASTILLO", "SANDERS", "PATEL", "MYERS", "LONG", "ROSS", "FOSTER", "JIMENEZ",
        "POWELL", "JENKINS", "PERRY", "RUSSELL", "SULLIVAN", "BELL", "COLEMAN", "BUTLER", "HENDERSON", "BARNES",
        "GONZALES", "FISHER", "VASQUEZ", "SIMMONS", "ROMERO", "JORDAN", "PATTERSON", "ALEXANDER", "HAMILTON", "GRAHAM",
        "REYNOLDS", "GRIFFIN", "WALLACE", "MORENO", "WEST", "COLE", "HAYES", "BRYANT", "HERRERA", "GIBSON",
        "ELLIS", "TRAN", "MEDINA", "AGUILAR", "STEVENS", "MURRAY", "FORD", "CASTRO", "MARSHALL", "OWENS",
        "HARRISON", "FERNANDEZ", "MCDONALD", "WOODS", "WASHINGTON", "KENNEDY", "WELLS", "VARGAS", "HENRY", "CHEN",
        "FREEMAN", "WEBB", "TUCKER", "GUZMAN", "BURNS", "CRAWFORD", "OLSON", "SIMPSON", "PORTER", "HUNTER",
        "GORDON", "MENDEZ", "SILVA", "SHAW", "SNYDER", "MASON", "DIXON", "MUNOZ", "HUNT", "HICKS",
        "HOLMES", "PALMER", "WAGNER", "BLACK", "ROBERTSON", "BOYD", "ROSE", "STONE", "SALAZAR", "FOX",
        "WARREN", "MILLS", "MEYER", "RICE", "SCHMIDT", "GARZA", "DANIELS", "FERGUSON", "NICHOLS", "STEPHENS",
        "SOTO", "WEAVER", "RYAN", "GARDNER", "PAYNE", "GRANT", "DUNN", "KELLEY", "SPENCER", "HAWKINS",
    ];

    private static readonly string[] MaleGivenNames =
    [
        "JAMES", "ROBERT", "JOHN", "MICHAEL", "DAVID", "WILLIAM", "RICHARD", "JOSEPH", "THOMAS", "CHARLES",
        "CHRISTOPHER", "DANIEL", "MATTHEW", "ANTHONY", "MARK", "DONALD", "STEVEN", "PAUL", "ANDREW", "KENNETH",
        "JOSHUA", "KEVIN", "BRIAN", "GEORGE", "TIMOTHY", "RONALD", "EDWARD", "JASON", "JEFFREY", "RYAN",
        "JACOB", "GARY", "NICHOLAS", "ERIC", "JONATHAN", "STEPHEN", "LARRY", "JUSTIN", "SCOTT", "BRANDON",
        "BENJAMIN", "SAMUEL", "GREGORY", "ALEXANDER", "FRANK", "PATRICK", "RAYMOND", "JACK", "DENNIS", "JERRY",
    ];

    private static readonly string[] FemaleGivenNames =
    [
        "MARY", "PATRICIA", "JENNIFER", "LINDA", "ELIZABETH", "BARBARA", "SUSAN", "JESSICA", "SARAH", "KAREN",
        "LISA", "NANCY", "BETTY", "MARGARET", "SANDRA", "ASHLEY", "KIMBERLY", "EMILY", "DONNA", "MICHELLE",
        "CAROL", "AMANDA", "DOROTHY", "MELISSA", "DEBORAH", "STEPHANIE", "REBECCA", "SHARON", "LAURA", "CYNTHIA",
        "KATHLEEN", "AMY", "ANGELA", "SHIRLEY", "ANNA", "BRENDA", "PAMELA", "EMMA", "NICOLE", "HELEN",
        "SAMANTHA", "KATHERINE", "CHRISTINE", "DEBRA", "RACHEL", "CAROLYN", "JANET", "CATHERINE", "MARIA", "HEATHER",
    ];

    // ---------------------------------------------------------------------------------------------
    // Modalities
    // ---------------------------------------------------------------------------------------------

    private sealed record ModalityInfo(string Code, int Weight, string SopClassUid, string[] Descriptions, string BodyPart);

    private static readonly ModalityInfo[] Modalities =
    [
        new("CT", 25, DicomUids.CTImageStorage, ["CT CHEST W CONTRAST", "CT HEAD WO CONTRAST", "CT ABDOMEN PELVIS W CONTRAST", "CTA CHEST PE"], "CHEST"),
        new("MR", 20, DicomUids.MRImageStorage, ["MR BRAIN WO W CONTRAST", "MR KNEE LEFT", "MR LUMBAR SPINE", "MR SHOULDER RIGHT"], "BRAIN"),
        new("CR", 20, DicomUids.ComputedRadiographyImageStorage, ["XR CHEST 2 VIEWS", "XR HAND 3 VIEWS", "XR ANKLE LEFT"], "CHEST"),
        new("DX", 10, DicomUids.DigitalXRayImageStorageForPresentation, ["XR CHEST PA LAT", "XR KNEE BILATERAL"], "CHEST"),
        new("US", 10, DicomUids.UltrasoundImageStorage, ["US ABDOMEN COMPLETE", "US THYROID", "US OB GREATER THAN 14 WEEKS"], "ABDOMEN"),
        new("MG", 7, DicomUids.DigitalMammographyXRayImageStorageForPresentation, ["MG SCREENING BILATERAL", "MG DIAGNOSTIC LEFT"], "BREAST"),
        new("NM", 4, DicomUids.NuclearMedicineImageStorage, ["NM BONE SCAN WHOLE BODY", "NM MYOCARDIAL PERFUSION"], "WHOLEBODY"),
        new("PT", 4, DicomUids.PositronEmissionTomographyImageStorage, ["PET CT SKULL BASE TO THIGH"], "WHOLEBODY"),
    ];

    private static readonly int TotalWeight = Modalities.Sum(m => m.Weight);

    private static readonly string[] ReferringPhysicians =
    [
        "HOUSE^GREGORY^^DR", "GREY^MEREDITH^^DR", "ROSS^DOUGLAS^^DR", "CARTER^JOHN^^DR", "YANG^CRISTINA^^DR",
        "KILDARE^JAMES^^DR", "QUINN^MICHAELA^^DR", "WELBY^MARCUS^^DR", "",
    ];

    // ---------------------------------------------------------------------------------------------
    // The model
    // ---------------------------------------------------------------------------------------------

    public sealed record Patient(int Number, string Id, string Name, string BirthDate, string Sex);

    public sealed record Series(int Number, string Uid, string Modality, string SopClassUid, string Description, int Instances);

    public sealed record Study(
        int Number, Patient Patient, string Uid, string AccessionNumber, string Date, string Time, string StudyId,
        string Description, string ReferringPhysician, string BodyPart, IReadOnlyList<Series> Series)
    {
        /// <summary>Modalities in Study as the archive computes it: distinct, sorted, backslash-separated.</summary>
        public string ModalitiesInStudy => string.Join('\\', Series.Select(s => s.Modality).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>A 64-bit mix of the seed, a salt and a number (SplitMix64's finalizer): the archive's only source of variety.</summary>
    private ulong Hash(long n, ulong salt)
    {
        ulong z = Seed * 0x9E3779B97F4A7C15UL ^ salt * 0xBF58476D1CE4E5B9UL ^ (ulong)n;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        z = (z + 0x9E3779B97F4A7C15UL) * 0xBF58476D1CE4E5B9UL;
        return z ^ (z >> 29);
    }

    private int Pick(long n, ulong salt, int count) => (int)(Hash(n, salt) % (ulong)count);

    public Patient PatientOf(int number)
    {
        bool female = Pick(number, 11, 2) == 0;
        var given = female ? FemaleGivenNames : MaleGivenNames;
        string name = $"{FamilyNames[Pick(number, 12, FamilyNames.Length)]}^{given[Pick(number, 13, given.Length)]}^{(char)('A' + Pick(number, 14, 26))}";
        var birth = new DateOnly(1930, 1, 1).AddDays(Pick(number, 15, 365 * 85));
        return new Patient(number, $"P{number:D6}", name, birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture), female ? "F" : "M");
    }

    public int PatientNumberOf(int study) => Pick(study, 1, Patients);

    public string StudyDateOf(int study) => FirstDate.AddDays(Pick(study, 2, DateSpanDays)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public Study StudyOf(int n)
    {
        var patient = PatientOf(PatientNumberOf(n));
        int roll = Pick(n, 3, TotalWeight);
        var modality = Modalities[^1];
        foreach (var m in Modalities)
        {
            if (roll < m.Weight) { modality = m; break; }
            roll -= m.Weight;
        }
        string studyUid = $"{UidRoot}.{n + 1}";
        int seconds = 7 * 3600 + Pick(n, 4, 12 * 3600);
        string time = $"{seconds / 3600:D2}{seconds / 60 % 60:D2}{seconds % 60:D2}";

        int seriesCount = Math.Min(1 + Pick(n, 5, 4), InstancesPerStudy);
        bool withReport = seriesCount >= 2 && Pick(n, 6, 10) == 0;
        var series = new List<Series>(seriesCount);
        int imageSeries = withReport ? seriesCount - 1 : seriesCount;
        int images = withReport ? InstancesPerStudy - 1 : InstancesPerStudy;
        for (int s = 0; s < imageSeries; s++)
        {
            // PET/CT: the first series of a PT study is the CT for attenuation correction.
            var m = modality.Code == "PT" && s == 0 && imageSeries > 1 ? Modalities[0] : modality;
            int count = images / imageSeries + (s < images % imageSeries ? 1 : 0);
            series.Add(new Series(s + 1, $"{studyUid}.{s + 1}", m.Code, m.SopClassUid, $"{m.Code} SERIES {s + 1}", count));
        }
        if (withReport) series.Add(new Series(seriesCount, $"{studyUid}.{seriesCount}", "SR", DicomUids.BasicTextSRStorage, "REPORT", 1));

        return new Study(n, patient, studyUid, $"A{n + 1:D8}", StudyDateOf(n), time, (n + 1).ToString(CultureInfo.InvariantCulture),
            modality.Descriptions[Pick(n, 7, modality.Descriptions.Length)], ReferringPhysicians[Pick(n, 8, ReferringPhysicians.Length)],
            modality.BodyPart, series);
    }

    /// <summary>The SOP Instance UID of instance <paramref name="instance"/> (from 0) of a series.</summary>
    public static string SopInstanceUid(Series series, int instance) => $"{series.Uid}.{instance + 1}";

    /// <summary>
    /// Sets the patient, study, series and instance attributes of one instance on a data set (a
    /// <see cref="SyntheticCt"/> header, which brings the rest of a scanner's header).
    /// </summary>
    public static void Apply(DicomDataset ds, Study study, Series series, int instance)
    {
        var sop = SopInstanceUid(series, instance);
        ds.AddOrUpdate(DicomTags.SOPClassUID, series.SopClassUid);
        ds.AddOrUpdate(DicomTags.SOPInstanceUID, sop);
        ds.AddOrUpdate(DicomTags.StudyInstanceUID, study.Uid);
        ds.AddOrUpdate(DicomTags.SeriesInstanceUID, series.Uid);
        ds.AddOrUpdate(DicomTags.FrameOfReferenceUID, study.Uid + ".0");
        ds.AddOrUpdate(DicomTags.StudyID, study.StudyId);
        ds.AddOrUpdate(DicomTags.AccessionNumber, study.AccessionNumber);
        ds.AddOrUpdate(DicomTags.StudyDate, study.Date);
        ds.AddOrUpdate(DicomTags.SeriesDate, study.Date);
        ds.AddOrUpdate(DicomTags.AcquisitionDate, study.Date);
        ds.AddOrUpdate(DicomTags.ContentDate, study.Date);
        ds.AddOrUpdate(DicomTags.StudyTime, study.Time);
        ds.AddOrUpdate(DicomTags.StudyDescription, study.Description);
        ds.AddOrUpdate(DicomTags.ReferringPhysicianName, study.ReferringPhysician);
        ds.AddOrUpdate(DicomTags.BodyPartExamined, study.BodyPart);
        ds.AddOrUpdate(DicomTags.PatientID, study.Patient.Id);
        ds.AddOrUpdate(DicomTags.PatientName, study.Patient.Name);
        ds.AddOrUpdate(DicomTags.PatientBirthDate, study.Patient.BirthDate);
        ds.AddOrUpdate(DicomTags.PatientSex, study.Patient.Sex);
        ds.Remove(DicomTags.PatientAge);
        ds.AddOrUpdate(DicomTags.Modality, series.Modality);
        ds.AddOrUpdate(DicomTags.SeriesNumber, series.Number.ToString(CultureInfo.InvariantCulture));
        ds.AddOrUpdate(DicomTags.SeriesDescription, series.Description);
        ds.AddOrUpdate(DicomTags.InstanceNumber, (instance + 1).ToString(CultureInfo.InvariantCulture));
    }

    // ---------------------------------------------------------------------------------------------
    // The manifest: what the latency benchmark asks, and how many studies each answer should hold
    // ---------------------------------------------------------------------------------------------

    /// <summary>How many different values of each kind the manifest lists (queries cycle through them).</summary>
    public const int ManifestValues = 200;

    /// <summary>
    /// The manifest of the archive: its parameters, and for each indexed query kind
    /// <see cref="ManifestValues"/> values taken from randomly chosen studies, each with the number of
    /// studies it matches. A Study Date range is one day when the archive has ten or more studies a
    /// day, otherwise wide enough for about ten; a Patient Name is <c>FAMILY^GIVEN*</c>.
    /// </summary>
    public BenchManifest Manifest()
    {
        var studiesOfPatient = new Dictionary<int, int>();
        var studiesOnDay = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int n = 0; n < Studies; n++)
        {
            int p = PatientNumberOf(n);
            studiesOfPatient[p] = studiesOfPatient.GetValueOrDefault(p) + 1;
            var d = StudyDateOf(n);
            studiesOnDay[d] = studiesOnDay.GetValueOrDefault(d) + 1;
        }
        int rangeDays = Math.Max(1, (int)Math.Ceiling(10.0 * DateSpanDays / Studies));

        var picks = Enumerable.Range(0, ManifestValues).Select(k => Pick(k, 21, Studies)).ToList();
        var patientId = new List<BenchQueryValue>();
        var accession = new List<BenchQueryValue>();
        var studyUid = new List<BenchQueryValue>();
        var dateRange = new List<BenchQueryValue>();
        var namePrefixes = new List<string>();
        foreach (var n in picks)
        {
            var study = StudyOf(n);
            patientId.Add(new(study.Patient.Id, studiesOfPatient[study.Patient.Number]));
            accession.Add(new(study.AccessionNumber, 1));
            studyUid.Add(new(study.Uid, 1));
            var first = DateOnly.ParseExact(study.Date, "yyyyMMdd", CultureInfo.InvariantCulture);
            int expected = 0;
            for (int d = 0; d < rangeDays; d++)
                expected += studiesOnDay.GetValueOrDefault(first.AddDays(d).ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            dateRange.Add(new($"{study.Date}-{first.AddDays(rangeDays - 1).ToString("yyyyMMdd", CultureInfo.InvariantCulture)}", expected));
            var parts = study.Patient.Name.Split('^');
            namePrefixes.Add($"{parts[0]}^{parts[1]}");
        }

        // A name prefix matches every patient whose name starts with it (case folded): count their studies.
        var prefixes = namePrefixes.Distinct(StringComparer.Ordinal).ToList();
        var matching = prefixes.ToDictionary(p => p, _ => 0, StringComparer.Ordinal);
        foreach (var (p, count) in studiesOfPatient)
        {
            var name = PatientOf(p).Name;
            foreach (var prefix in prefixes)
                if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) matching[prefix] += count;
        }
        var patientName = namePrefixes.Select(p => new BenchQueryValue(p + "*", matching[p])).ToList();

        return new BenchManifest
        {
            Model = ModelVersion,
            Studies = Studies,
            InstancesPerStudy = InstancesPerStudy,
            Patients = Patients,
            PatientsWithStudies = studiesOfPatient.Count,
            Seed = Seed,
            UidRoot = UidRoot,
            Instances = Instances,
            StudyDateRangeDays = rangeDays,
            Queries = new Dictionary<string, List<BenchQueryValue>>(StringComparer.Ordinal)
            {
                [QueryKinds.PatientId] = patientId,
                [QueryKinds.AccessionNumber] = accession,
                [QueryKinds.StudyInstanceUid] = studyUid,
                [QueryKinds.StudyDate] = dateRange,
                [QueryKinds.PatientName] = patientName,
            },
        };
    }
}

/// <summary>The indexed query kinds of the latency benchmark, as named in the manifest.</summary>
public static class QueryKinds
{
    public const string PatientId = "PatientID";
    public const string AccessionNumber = "AccessionNumber";
    public const string StudyInstanceUid = "StudyInstanceUID";
    public const string StudyDate = "StudyDate";
    public const string PatientName = "PatientName";

    public static IReadOnlyList<string> All { get; } = [PatientId, AccessionNumber, StudyInstanceUid, StudyDate, PatientName];
}

/// <summary>One query value and the number of studies it matches.</summary>
public sealed record BenchQueryValue(string Value, int Expected);

/// <summary>What <c>generate-index</c> and <c>generate --archive</c> write next to the archive (JSON).</summary>
public sealed class BenchManifest
{
    public string Model { get; set; } = "";
    public int Studies { get; set; }
    public int InstancesPerStudy { get; set; }
    public int Patients { get; set; }
    public int PatientsWithStudies { get; set; }
    public ulong Seed { get; set; }
    public string UidRoot { get; set; } = "";
    public long Instances { get; set; }
    public int StudyDateRangeDays { get; set; }

    /// <summary>For a cached index: when it was completed, and how long generating it took.</summary>
    public string? Completed { get; set; }
    public double? GenerationSeconds { get; set; }

    /// <summary>Per query kind (<see cref="QueryKinds"/>), the values to ask for.</summary>
    public Dictionary<string, List<BenchQueryValue>> Queries { get; set; } = [];

    private static readonly System.Text.Json.JsonSerializerOptions Options = new() { WriteIndented = true };

    public void Save(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, System.Text.Json.JsonSerializer.Serialize(this, Options));
        File.Move(temp, path, overwrite: true);
    }

    public static BenchManifest? Load(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<BenchManifest>(File.ReadAllText(path));
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
