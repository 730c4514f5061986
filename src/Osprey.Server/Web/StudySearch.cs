using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Server.Hosting;
using Osprey.Server.Settings;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Server.Web;

/// <summary>
/// The studies page's searches, run as C-FIND runs them: an identifier of the Study Root model
/// (PS3.4 C.6.2) parsed by <see cref="DicomQuery.Parse"/> and matched by
/// <see cref="ArchiveQuery.MatchesAsync"/> with the server's matching rules (Dicom:CaseSensitiveQueries,
/// Dicom:EmptyMatching) and at most Dicom:QueryRetrieveLimit matches. No second query path.
/// </summary>
public static class StudySearch
{
    /// <summary>The search form's fields; empty ones ask for no matching.</summary>
    public sealed record Criteria(string? PatientName, string? PatientId, string? AccessionNumber, DateOnly? DateFrom, DateOnly? DateTo, string? Modality)
    {
        public bool IsEmpty => new[] { PatientName, PatientId, AccessionNumber, Modality }.All(string.IsNullOrWhiteSpace) && DateFrom == null && DateTo == null;
    }

    private static readonly DicomTag[] StudyReturnKeys =
        [T.PatientName, T.PatientID, T.StudyDate, T.StudyTime, T.AccessionNumber, T.ModalitiesInStudy, T.StudyDescription, T.StudyInstanceUID, T.NumberOfStudyRelatedSeries, T.NumberOfStudyRelatedInstances];

    private static readonly DicomTag[] SeriesReturnKeys =
        [T.SeriesInstanceUID, T.Modality, T.SeriesNumber, T.SeriesDescription, T.NumberOfSeriesRelatedInstances];

    private static readonly DicomTag[] InstanceReturnKeys = [T.SOPInstanceUID, T.SOPClassUID, T.InstanceNumber, T.SeriesInstanceUID];

    /// <summary>The studies that match <paramref name="criteria"/>: a patient name without wildcards matches as a prefix; the dates are a range (PS3.4 C.2.2.2.5).</summary>
    public static Task<List<DicomDataset>> StudiesAsync(OspreyNode node, Criteria criteria, CancellationToken cancellationToken)
    {
        var id = Identifier(QueryRetrieveLevel.Study, StudyReturnKeys);
        if (Text(criteria.PatientName) is { } name) id.AddOrUpdate(T.PatientName, name.IndexOfAny(['*', '?']) >= 0 ? name : name + "*");
        if (Text(criteria.PatientId) is { } patientId) id.AddOrUpdate(T.PatientID, patientId);
        if (Text(criteria.AccessionNumber) is { } accession) id.AddOrUpdate(T.AccessionNumber, accession);
        if (Text(criteria.Modality) is { } modality) id.AddOrUpdate(T.ModalitiesInStudy, modality.ToUpperInvariant());
        if (criteria.DateFrom != null || criteria.DateTo != null)
            id.AddOrUpdate(T.StudyDate, criteria.DateFrom == criteria.DateTo ? Date(criteria.DateFrom) : $"{Date(criteria.DateFrom)}-{Date(criteria.DateTo)}");
        return RunAsync(node, id, cancellationToken);
    }

    /// <summary>The study itself (one match, or none).</summary>
    public static async Task<DicomDataset?> StudyAsync(OspreyNode node, string studyUid, CancellationToken cancellationToken)
    {
        var id = Identifier(QueryRetrieveLevel.Study, StudyReturnKeys);
        id.AddOrUpdate(T.StudyInstanceUID, studyUid);
        return (await RunAsync(node, id, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The series of a study.</summary>
    public static Task<List<DicomDataset>> SeriesAsync(OspreyNode node, string studyUid, CancellationToken cancellationToken)
    {
        var id = Identifier(QueryRetrieveLevel.Series, SeriesReturnKeys);
        id.AddOrUpdate(T.StudyInstanceUID, studyUid);
        return RunAsync(node, id, cancellationToken);
    }

    /// <summary>The instances of a study, each with its Series Instance UID (a relational query, PS3.4 C.4.1.3.2).</summary>
    public static Task<List<DicomDataset>> InstancesAsync(OspreyNode node, string studyUid, CancellationToken cancellationToken)
    {
        var id = Identifier(QueryRetrieveLevel.Image, InstanceReturnKeys);
        id.AddOrUpdate(T.StudyInstanceUID, studyUid);
        return RunAsync(node, id, cancellationToken);
    }

    private static DicomDataset Identifier(QueryRetrieveLevel level, DicomTag[] returnKeys)
    {
        var id = new DicomDataset();
        id.AddOrUpdate(T.SpecificCharacterSet, "ISO_IR 192");
        id.AddOrUpdate(T.QueryRetrieveLevel, level.ToText());
        foreach (var tag in returnKeys) id.AddOrUpdate(tag, Array.Empty<string>());
        return id;
    }

    /// <exception cref="QueryException">A value no matching can use (e.g. an invalid date).</exception>
    private static async Task<List<DicomDataset>> RunAsync(OspreyNode node, DicomDataset identifier, CancellationToken cancellationToken)
    {
        var query = DicomQuery.Parse(identifier, QueryInformationModel.StudyRoot, QueryExtendedNegotiation.Supported);
        var server = new SettingsResolver(node.Settings).Server;
        var options = new QueryOptions(server.CaseSensitiveQueries, server.EmptyMatching);
        var matches = new List<DicomDataset>();
        await foreach (var match in ArchiveQuery.MatchesAsync(node.Index, query, options, cancellationToken))
        {
            if (server.QueryRetrieveLimit > 0 && matches.Count == server.QueryRetrieveLimit) break;
            matches.Add(match);
        }
        return matches;
    }

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Date(DateOnly? d) => d?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>A Person Name as people write it: components separated by spaces.</summary>
    public static string Name(string? pn) => string.Join(" ", (pn ?? "").Split('=')[0].Split('^', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A DA value as yyyy-MM-dd (as stored when it is not a date).</summary>
    public static string DateText(string? da) => da is { Length: 8 } && DateOnly.TryParseExact(da, "yyyyMMdd", out var d) ? d.ToString("yyyy-MM-dd") : da ?? "";
}
