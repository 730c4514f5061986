using Osprey.Archive.Index;
using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Network.Dimse;

namespace Osprey.Server.Retrieve;

/// <summary>
/// What a C-MOVE or C-GET retrieves (PS3.4 C.4.2.2, C.4.3.2): the entities its identifier matches at
/// its level, then every instance under them. More matching entities than Dicom:QueryRetrieveLimit
/// refuse the request before anything is sent (A702), as the settings page says.
/// </summary>
internal static class RetrieveSelection
{
    public static async Task<IReadOnlyList<IndexedInstance>> InstancesAsync(IArchiveIndex index, DicomQuery query, QueryOptions options, int limit, CancellationToken cancellationToken)
    {
        var matches = new List<DicomDataset>();
        await foreach (var match in ArchiveQuery.MatchesAsync(index, query, options, cancellationToken))
        {
            matches.Add(match);
            if (limit > 0 && matches.Count > limit)
                throw new QueryException(DimseStatus.OutOfResourcesUnableToPerformSubOperations,
                    $"More than {limit} {query.Level.ToText()} matches: Query/Retrieve limit");
        }
        var instances = new List<IndexedInstance>();
        await foreach (var instance in ArchiveQuery.InstancesAsync(index, query.Level, matches, cancellationToken))
            instances.Add(instance);
        return instances;
    }
}
