using System.Runtime.CompilerServices;
using Osprey.Archive.Index;
using Osprey.Dicom.Data;
using T = Osprey.Dicom.Dictionary.DicomTags;

namespace Osprey.Archive.Query;

/// <summary>
/// Runs a query against the archive's index: the candidates the index selects (<see cref="IndexQueryPlanner"/>),
/// matched exactly in code (<see cref="QueryMatcher"/>, PS3.4 C.2.2.2 with the settings page's case and
/// empty-matching rules). Used by C-FIND for its responses and by C-MOVE and C-GET to find what to send.
/// </summary>
public static class ArchiveQuery
{
    /// <summary>The entities at the query's level that match every key, each as the index holds it (UTF-8).</summary>
    public static async IAsyncEnumerable<DicomDataset> MatchesAsync(IArchiveIndex index, DicomQuery query, QueryOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        var selection = IndexQueryPlanner.Plan(query, options);
        await foreach (var candidate in index.SelectAsync(selection, cancellationToken).ConfigureAwait(false))
            if (QueryMatcher.Matches(query, candidate, options)) yield return candidate;
    }

    /// <summary>
    /// The instances under the matched entities (a C-MOVE's or C-GET's sub-operations), in study, series
    /// and Instance Number order.
    /// </summary>
    public static async IAsyncEnumerable<IndexedInstance> InstancesAsync(IArchiveIndex index, QueryRetrieveLevel level, IReadOnlyList<DicomDataset> matches,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(matches);
        var (column, tag) = level switch
        {
            QueryRetrieveLevel.Patient => (IndexColumn.PatientId, T.PatientID),
            QueryRetrieveLevel.Study => (IndexColumn.StudyInstanceUid, T.StudyInstanceUID),
            QueryRetrieveLevel.Series => (IndexColumn.SeriesInstanceUid, T.SeriesInstanceUID),
            _ => (IndexColumn.SopInstanceUid, T.SOPInstanceUID),
        };
        // Patients without a Patient ID are stored under '' (and matched as such).
        var keys = matches.Select(m => m.GetString(tag) ?? "").Distinct(StringComparer.Ordinal).ToList();
        const int chunk = 500; // well under SQLite's limit on bound parameters
        for (int i = 0; i < keys.Count; i += chunk)
        {
            var selection = new IndexSelection(level.ToIndexLevel(), [new IndexCondition(column, IndexConditionKind.AnyOf, keys.GetRange(i, Math.Min(chunk, keys.Count - i)))]);
            await foreach (var instance in index.SelectInstancesAsync(selection, cancellationToken).ConfigureAwait(false))
                yield return instance;
        }
    }
}
