using System.Text.Json;
using System.Text.RegularExpressions;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.QueryRetrieve;

/// <summary>
/// An archive data directory filled with the real <c>osprey import</c>, and what the tests know it holds:
/// every stored instance with its attributes (generated, or as pydicom reads the file), and the
/// patients, studies, series and instances they make.
/// </summary>
public sealed partial class QrArchive
{
    private QrArchive(IReadOnlyList<QrInstance> stored, IReadOnlyList<string> leftOut, string importOutput)
    {
        Instances = stored;
        LeftOut = leftOut;
        ImportOutput = importOutput;
        Patients = [.. stored.GroupBy(i => i.PatientKey).Select(g => new QrEntity(QrLevel.Patient, g.Key.Id, [.. g]))];
        Studies = [.. stored.GroupBy(i => i.StudyUid).Select(g => new QrEntity(QrLevel.Study, g.Key, [.. g]))];
        Series = [.. stored.GroupBy(i => i.SeriesUid).Select(g => new QrEntity(QrLevel.Series, g.Key, [.. g]))];
        Images = [.. stored.Select(i => new QrEntity(QrLevel.Image, i.SopUid, [i]))];
    }

    /// <summary>Every instance the archive holds.</summary>
    public IReadOnlyList<QrInstance> Instances { get; }

    /// <summary>pydicom files not imported, and why (see <see cref="SelectPydicomFiles"/>), and files import refused.</summary>
    public IReadOnlyList<string> LeftOut { get; }

    public string ImportOutput { get; }

    public IReadOnlyList<QrEntity> Patients { get; }
    public IReadOnlyList<QrEntity> Studies { get; }
    public IReadOnlyList<QrEntity> Series { get; }
    public IReadOnlyList<QrEntity> Images { get; }

    public IReadOnlyList<QrEntity> At(QrLevel level) => level switch
    {
        QrLevel.Patient => Patients,
        QrLevel.Study => Studies,
        QrLevel.Series => Series,
        _ => Images,
    };

    /// <summary>
    /// Imports <paramref name="synthetic"/> (already written) and <paramref name="pydicomFiles"/> into
    /// <paramref name="dataDirectory"/> with one <c>osprey import</c>. Synthetic instances must all be stored;
    /// pydicom files that import refuses are left out of what the archive holds, with the reason.
    /// </summary>
    public static QrArchive Import(string dataDirectory, IReadOnlyList<QrInstance> synthetic, IReadOnlyList<QrInstance> pydicomFiles, IEnumerable<string> leftOut)
    {
        string[] args = ["import", "--data", dataDirectory, .. synthetic.Select(i => i.Source), .. pydicomFiles.Select(i => i.Source)];
        var import = OspreyProcess.Run(args);
        var failed = FailedLine().Matches(import.StandardOutput).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
        var syntheticFailures = synthetic.Where(i => failed.ContainsKey(i.Source)).ToList();
        if (syntheticFailures.Count > 0 || !import.StandardOutput.Contains("osprey import:", StringComparison.Ordinal))
            throw new InvalidOperationException($"osprey import did not store the synthetic instances:\n{import.StandardOutput}\n{import.StandardError}");
        var stored = synthetic.Concat(pydicomFiles.Where(i => !failed.ContainsKey(i.Source))).ToList();
        var reasons = leftOut.Concat(failed.Select(f => $"{PydicomFiles.RelativeName(f.Key)}: import refused it: {f.Value}")).ToList();
        return new QrArchive(stored, reasons, import.StandardOutput);
    }

    /// <summary>
    /// Chooses the pydicom files (test_files and charset_files) to import so that what the archive holds is
    /// known exactly whatever the order import takes them in (it imports in parallel, the last one stored
    /// wins): the first file (by path) of each SOP Instance UID, and only files that agree with the files
    /// chosen before them on the attributes of their patient (by Patient ID and Issuer), study and series.
    /// Files without the UIDs an instance needs are not instances and are left out too.
    /// </summary>
    public static (List<QrInstance> Chosen, List<string> LeftOut) SelectPydicomFiles()
    {
        var files = PydicomFiles.TestFiles();
        var attributes = QrPython.Attributes(files);
        var chosen = new List<QrInstance>();
        var leftOut = new List<string>();
        var sops = new HashSet<string>(StringComparer.Ordinal);
        var patients = new Dictionary<(string, string), string>();
        var studies = new Dictionary<string, string>(StringComparer.Ordinal);
        var series = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var json = attributes[file];
            string name = PydicomFiles.RelativeName(file);
            if (json.ContainsKey("__error__"))
            {
                leftOut.Add($"{name}: pydicom cannot read it");
                continue;
            }
            var instance = QrInstance.FromPydicom(file, json);
            if (new[] { instance.StudyUid, instance.SeriesUid, instance.SopUid, instance["SOPClassUID"] ?? "" }.Any(u => u.Length == 0))
            {
                leftOut.Add($"{name}: no Study, Series, SOP Instance or SOP Class UID");
                continue;
            }
            if (!sops.Add(instance.SopUid))
            {
                leftOut.Add($"{name}: SOP Instance UID of a file before it");
                continue;
            }
            string Signature(params string[] keywords) => string.Join('|', keywords.Select(k => instance[k] ?? ""));
            var patient = Signature("PatientName", "PatientBirthDate", "PatientSex");
            var study = $"{instance.PatientKey}|" + Signature("StudyDate", "StudyTime", "AccessionNumber", "StudyID", "StudyDescription", "ReferringPhysicianName")
                + JsonSerializer.Serialize(instance.ProcedureCodes);
            var seriesSignature = instance.StudyUid + "|" + Signature("Modality", "SeriesNumber", "SeriesDescription");
            string? conflict = patients.TryGetValue(instance.PatientKey, out var p) && p != patient ? "patient"
                : studies.TryGetValue(instance.StudyUid, out var s) && s != study ? "study"
                : series.TryGetValue(instance.SeriesUid, out var se) && se != seriesSignature ? "series" : null;
            if (conflict is not null)
            {
                leftOut.Add($"{name}: its {conflict} attributes differ from those of a file before it");
                continue;
            }
            patients[instance.PatientKey] = patient;
            studies[instance.StudyUid] = study;
            series[instance.SeriesUid] = seriesSignature;
            chosen.Add(instance);
        }
        return (chosen, leftOut);
    }

    [GeneratedRegex(@"^  failed: (.+?): ([0-9A-F]{4} .*)$", RegexOptions.Multiline)]
    private static partial Regex FailedLine();
}
