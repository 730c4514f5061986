using Osprey.Archive.Index;
using Osprey.Archive.Query;
using Osprey.Archive.Tests.Index;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using static Osprey.Archive.Tests.Query.QueryTestData;

namespace Osprey.Archive.Tests.Query;

/// <summary>
/// A query run through the index (<see cref="IndexQueryPlanner"/>'s SQL narrowing, then the matcher)
/// finds exactly what the matcher finds when it looks at every entity: the index never loses a match,
/// in either case mode and with empty matching on or off.
/// </summary>
public class ArchiveQueryTests
{
    private static readonly (string Id, string? Name, string? Accession, string? Date, string Charset)[] Studies =
    [
        ("PAT-1", "Müller^Hans", "ACC-1", "20240305", "ISO_IR 100"),
        ("pat-1b", "MÜLLER^Hans^^Dr", "acc-1", "20240306", "ISO_IR 192"),
        ("PAT-2", "Meier^Eva", "ACC-2", "20240401", "ISO_IR 192"),
        ("PAT-3", "Yamada^Tarou=山田^太郎=やまだ^たろう", "ACC-3", "20231231", "ISO_IR 192"),
        ("", "Anonymous", null, null, "ISO_IR 192"),
        ("PAT-5", null, "ACC-5", "20240305", "ISO_IR 192"),
        ("PAT-6", "Doe^John", "ACC-6", "20240310", "ISO_IR 192"),
        ("PAT-7", "Doe^Jane", "", "20240311", "ISO_IR 192"),
        ("PAT-8", "Δημήτρης^Παπαδόπουλος", "ACC-8", "20240312", "ISO_IR 192"),
        ("PAT-9", "Иванов^Иван", "ACC-9", "20240313", "ISO_IR 192"),
    ];

    private static async Task<TemporaryIndex> ArchiveAsync()
    {
        var t = new TemporaryIndex();
        for (int i = 0; i < Studies.Length; i++)
        {
            var (id, name, accession, date, charset) = Studies[i];
            var study = $"1.7.{i}";
            for (int s = 1; s <= 2; s++)
            {
                var header = TestHeaders.Ct($"{study}.{s}.1", studyUid: study, seriesUid: $"{study}.{s}", patientId: id, patientName: name ?? "",
                    accessionNumber: accession ?? "", studyDate: date ?? "", characterSet: charset, modality: s == 1 ? "CT" : "sr");
                if (name is null) header.Remove(DicomTags.PatientName);
                if (accession is null) header.Remove(DicomTags.AccessionNumber);
                if (date is null) header.Remove(DicomTags.StudyDate);
                await t.Index.StoreAsync(TestHeaders.Record(header), DuplicatePolicy.Replace);
            }
        }
        return t;
    }

    public static TheoryData<string, string, string> Queries() => new()
    {
        // level, key, value
        { "STUDY", "PatientID", "PAT-1" },
        { "STUDY", "PatientID", "pat-1" },
        { "STUDY", "PatientID", "PAT-*" },
        { "STUDY", "PatientID", "pat-1?" },
        { "STUDY", "AccessionNumber", "acc-1" },
        { "STUDY", "AccessionNumber", "ACC*" },
        { "STUDY", "StudyInstanceUID", "1.7.1\\1.7.3" },
        { "STUDY", "StudyDate", "20240305-20240310" },
        { "STUDY", "StudyDate", "-20240305" },
        { "STUDY", "StudyDate", "20240312-" },
        { "STUDY", "StudyDate", "20240305" },
        { "STUDY", "PatientName", "müller*" },
        { "STUDY", "PatientName", "MÜLLER^HANS" },
        { "STUDY", "PatientName", "Müller^Hans" },
        { "STUDY", "PatientName", "Doe^J*" },
        { "STUDY", "PatientName", "D?e*" },
        { "STUDY", "PatientName", "*e*" },
        { "STUDY", "PatientName", "Yamada*" },
        { "STUDY", "PatientName", "=山田^太郎" },
        { "STUDY", "PatientName", "δημήτρης*" },
        { "STUDY", "PatientName", "ИВАНОВ^ИВАН" },
        { "STUDY", "PatientName", "^Hans" },
        { "STUDY", "ModalitiesInStudy", "SR" },
        { "SERIES", "Modality", "SR" },
        { "SERIES", "Modality", "CT" },
        { "IMAGE", "SOPClassUID", DicomUids.CTImageStorage },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_index_finds_exactly_what_matching_every_entity_finds(string level, string keyword, string value)
    {
        await using var t = await ArchiveAsync();
        var tag = DicomDictionary.LookupKeyword(keyword)?.Tag ?? throw new ArgumentException(keyword);
        var keys = new List<(DicomTag, string)> { (tag, value) };
        var identifier = Identifier(level, "ISO_IR 192", [.. keys]);
        var query = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, Relational);

        foreach (var options in new[] { new QueryOptions(false, true), new QueryOptions(false, false), new QueryOptions(true, true), new QueryOptions(true, false) })
        {
            var viaIndex = new List<string>();
            await foreach (var m in ArchiveQuery.MatchesAsync(t.Index, query, options)) viaIndex.Add(Key(m));
            var everyEntity = new List<string>();
            await foreach (var e in t.Index.SelectAsync(IndexSelection.All(query.Level.ToIndexLevel())))
                if (QueryMatcher.Matches(query, e, options)) everyEntity.Add(Key(e));

            viaIndex.Sort(StringComparer.Ordinal);
            everyEntity.Sort(StringComparer.Ordinal);
            if (options == QueryOptions.Default) Assert.NotEmpty(everyEntity); // each query of the table finds something by default
            Assert.True(everyEntity.SequenceEqual(viaIndex),
                $"{keyword}={value} {options}: index found [{string.Join(", ", viaIndex)}], every entity [{string.Join(", ", everyEntity)}]");
        }
    }

    private static string Key(DicomDataset entity)
        => entity.GetString(DicomTags.SOPInstanceUID) ?? entity.GetString(DicomTags.SeriesInstanceUID) ?? entity.GetString(DicomTags.StudyInstanceUID)!;
}
