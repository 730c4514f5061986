using System.Globalization;
using System.Numerics;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;

namespace Osprey.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Osprey.Benchmarks -- generate DIR COUNT BYTES [--studies N] [--series M]</c>
/// (or <c>… generate DIR COUNT BYTES --archive [--instances-per-study 10] [--patients N] [--manifest FILE]</c>) writes COUNT Part 10 files (<see cref="SyntheticCt"/> CT instances, Explicit VR Little Endian) into
/// DIR, for driving a Storage SCP with DCMTK's storescu (see <c>bench/compare/</c>).
/// <para>
/// BYTES is the pixel data per instance (16-bit, one frame), with an optional K or M suffix (×1024);
/// each file is that plus a header of about 1.5 KB. Columns are the largest power of two not above
/// √(BYTES/2), rows the rest: 524288 (or 512K) gives 512×512, 40960 (or 40K) gives 160 rows × 128
/// columns.
/// </para>
/// <para>
/// Every run makes new UIDs (a fresh 2.25 root from a random GUID), so two data sets never collide in
/// an archive. The instances are spread over N studies (default 4, one patient each) of M series each
/// (default 2), in consecutive runs: instances 0 … COUNT/N − 1 are the first study, and so on.
/// Files are named <c>00000.dcm</c>, <c>00001.dcm</c>, … Prints one line: count, total bytes, shape.
/// </para>
/// <para>
/// <c>--archive</c>: instead, the studies of a <see cref="SyntheticArchive"/> (the model of
/// <c>generate-index</c>, with this run's fresh UID root): COUNT / <c>--instances-per-study</c>
/// studies (default 10 instances each) over <c>--patients</c> patients (default 3 per 10 studies),
/// each with its own Patient ID, name, Accession Number, Study Date, modality and series, so that
/// C-FIND has something to tell apart (<c>bench/compare/find.sh</c>). <c>--manifest FILE</c> writes
/// the query values and their expected match counts for <c>find-latency</c>.
/// </para>
/// </summary>
public static class GenerateCommand
{
    public static int Run(string[] args)
    {
        var positional = new List<string>();
        int studies = 4, seriesPerStudy = 2, instancesPerStudy = 10, patients = 0;
        bool archiveMode = false;
        string? manifestPath = null;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] is "--studies" or "--series" or "--instances-per-study" or "--patients" && i + 1 < args.Length
                && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                switch (args[i])
                {
                    case "--studies": studies = n; break;
                    case "--series": seriesPerStudy = n; break;
                    case "--instances-per-study": instancesPerStudy = n; break;
                    default: patients = n; break;
                }
                i++;
            }
            else if (args[i] == "--archive") archiveMode = true;
            else if (args[i] == "--manifest" && i + 1 < args.Length) manifestPath = args[++i];
            else positional.Add(args[i]);
        }
        if (positional.Count != 3 || !int.TryParse(positional[1], CultureInfo.InvariantCulture, out var count) || count <= 0
            || ParseBytes(positional[2]) is not { } bytes || bytes < 2)
        {
            Console.Error.WriteLine("usage: generate DIR COUNT BYTES [--studies N] [--series M]   (BYTES: pixel data per instance, e.g. 524288, 512K, 40K)");
            Console.Error.WriteLine("       generate DIR COUNT BYTES --archive [--instances-per-study 10] [--patients N] [--manifest FILE]");
            return 2;
        }

        long pixels = bytes / 2;
        int columns = 1;
        while ((long)columns * 2 * columns * 2 <= pixels && columns < 65535 / 2) columns *= 2;
        long rowsLong = Math.Max(1, pixels / columns);
        if (rowsLong > 65535)
        {
            Console.Error.WriteLine($"generate: {bytes} bytes is too large for one frame");
            return 2;
        }
        int rows = (int)rowsLong;
        studies = Math.Min(studies, count);

        var dir = Directory.CreateDirectory(positional[0]);
        // A 2.25 UID root (a UUID as a decimal integer, PS3.5 B.2), new every run.
        var root = "2.25." + new BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true).ToString(CultureInfo.InvariantCulture);
        if (archiveMode) return WriteArchive(dir, count, rows, columns, instancesPerStudy, patients, root, manifestPath);
        int perStudy = (count + studies - 1) / studies;
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            int study = i / perStudy, inStudy = i % perStudy;
            int perSeries = (perStudy + seriesPerStudy - 1) / seriesPerStudy;
            int series = inStudy / perSeries;
            string studyUid = $"{root}.{study + 1}", seriesUid = $"{studyUid}.{series + 1}", sopUid = $"{seriesUid}.{inStudy % perSeries + 1}";

            var file = SyntheticCt.Create(i, rows, columns);
            var ds = file.Dataset;
            file.FileMetaInformation.AddOrUpdate(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, sopUid);
            ds.AddOrUpdate(DicomTags.SOPInstanceUID, sopUid);
            ds.AddOrUpdate(DicomTags.StudyInstanceUID, studyUid);
            ds.AddOrUpdate(DicomTags.SeriesInstanceUID, seriesUid);
            ds.AddOrUpdate(DicomTags.FrameOfReferenceUID, studyUid + ".0");
            ds.AddOrUpdate(DicomTags.StudyID, (study + 1).ToString(CultureInfo.InvariantCulture));
            ds.AddOrUpdate(DicomTags.AccessionNumber, $"A{study + 1:D7}");
            ds.AddOrUpdate(DicomTags.PatientID, $"BENCH{study + 1:D4}");
            ds.AddOrUpdate(DicomTags.PatientName, $"Bench^Patient{study + 1}");
            ds.AddOrUpdate(DicomTags.SeriesNumber, (series + 1).ToString(CultureInfo.InvariantCulture));
            ds.AddOrUpdate(DicomTags.InstanceNumber, (inStudy % perSeries + 1).ToString(CultureInfo.InvariantCulture));

            var path = Path.Combine(dir.FullName, $"{i:D5}.dcm");
            using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                file.Save(stream);
            total += new FileInfo(path).Length;
        }
        Console.WriteLine($"generate: {count} files, {total} bytes ({total / (double)count / 1024:F1} KB each), {rows}x{columns} 16-bit, " +
                          $"{studies} studies x {seriesPerStudy} series, in {dir.FullName}");
        return 0;
    }

    /// <summary>The <c>--archive</c> mode: COUNT instances of a <see cref="SyntheticArchive"/>, study after study.</summary>
    private static int WriteArchive(DirectoryInfo dir, int count, int rows, int columns, int perStudy, int patients, string root, string? manifestPath)
    {
        if (count % perStudy != 0)
        {
            Console.Error.WriteLine($"generate: --archive: COUNT ({count}) must be a multiple of --instances-per-study ({perStudy})");
            return 2;
        }
        int studies = count / perStudy;
        var archive = new SyntheticArchive(studies, perStudy, patients > 0 ? patients : SyntheticArchive.DefaultPatients(studies), root);
        long total = 0;
        int i = 0;
        for (int n = 0; n < studies; n++)
        {
            var study = archive.StudyOf(n);
            foreach (var series in study.Series)
            {
                for (int k = 0; k < series.Instances; k++, i++)
                {
                    var file = SyntheticCt.Create(k, rows, columns);
                    SyntheticArchive.Apply(file.Dataset, study, series, k);
                    file.FileMetaInformation.AddOrUpdate(DicomTags.MediaStorageSOPClassUID, DicomVR.UI, series.SopClassUid);
                    file.FileMetaInformation.AddOrUpdate(DicomTags.MediaStorageSOPInstanceUID, DicomVR.UI, SyntheticArchive.SopInstanceUid(series, k));
                    var path = Path.Combine(dir.FullName, $"{i:D5}.dcm");
                    using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                        file.Save(stream);
                    total += new FileInfo(path).Length;
                }
            }
        }
        if (manifestPath is not null) archive.Manifest().Save(manifestPath);
        Console.WriteLine($"generate: {count} files, {total} bytes ({total / (double)count / 1024:F1} KB each), {rows}x{columns} 16-bit, " +
                          $"{studies} studies x {perStudy} instances, {archive.Patients} patients (synthetic archive), in {dir.FullName}" +
                          (manifestPath is null ? "" : $"; manifest {manifestPath}"));
        return 0;
    }

    private static long? ParseBytes(string s)
    {
        long multiplier = 1;
        if (s.EndsWith('K') || s.EndsWith('k')) { multiplier = 1024; s = s[..^1]; }
        else if (s.EndsWith('M') || s.EndsWith('m')) { multiplier = 1024 * 1024; s = s[..^1]; }
        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v * multiplier : null;
    }
}
