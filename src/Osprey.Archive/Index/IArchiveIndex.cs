namespace Osprey.Archive.Index;

/// <summary>
/// The archive's index of patients, studies, series and instances (PS3.4 C.6 information model). The
/// embedded implementation is SQLite; the interface is shaped for a database server (PostgreSQL)
/// too: every call is async and each store is one transaction.
/// </summary>
public interface IArchiveIndex : IAsyncDisposable
{
    /// <summary>
    /// Indexes one instance in one transaction: its patient, study, series and instance rows, the
    /// study's and series' computed attributes (counts, Modalities in Study, SOP Classes in Study) and
    /// the study's last-update time. SOP Instance UID is a unique key: whether one is indexed already
    /// is decided inside that transaction, and a duplicate follows <paramref name="policy"/> there, so
    /// concurrent stores of one UID, from this process or any other sharing the index, add it exactly
    /// once and keep, reject or replace after that. The outcome says which, and which file the index
    /// points at. Throws <see cref="ArchiveIndexException"/> when the index cannot be written.
    /// </summary>
    ValueTask<StoreOutcome> StoreAsync(InstanceRecord record, DuplicatePolicy policy, CancellationToken cancellationToken = default);

    /// <summary>The instance with this SOP Instance UID, or null.</summary>
    ValueTask<IndexedInstance?> FindInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken = default);

    /// <summary>Every indexed instance (for <c>osprey verify</c>), in no particular order.</summary>
    IAsyncEnumerable<IndexedInstance> InstancesAsync(CancellationToken cancellationToken = default);

    /// <summary>The number of indexed instances.</summary>
    ValueTask<long> CountInstancesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The entities of <see cref="IndexSelection.Level"/> that satisfy the selection, each as a data
    /// set of its attributes and those of the levels above it (PS3.4 C.6: patient, study, series,
    /// instance), with its unique keys and the computed attributes of PS3.4 C.3.4 (Number of … Related
    /// …, Modalities in Study, SOP Classes in Study). Text is in UTF-8 (Specific Character Set
    /// <c>ISO_IR 192</c>). Reads one snapshot of the index.
    /// </summary>
    IAsyncEnumerable<Osprey.Dicom.Data.DicomDataset> SelectAsync(IndexSelection selection, CancellationToken cancellationToken = default);

    /// <summary>
    /// The instances under the entities that satisfy the selection (for C-MOVE and C-GET), ordered by
    /// study, series and Instance Number. Reads one snapshot of the index.
    /// </summary>
    IAsyncEnumerable<IndexedInstance> SelectInstancesAsync(IndexSelection selection, CancellationToken cancellationToken = default);

    /// <summary>The study with this Study Instance UID, with its computed attributes and last-update time, or null.</summary>
    ValueTask<StudySummary?> FindStudyAsync(string studyInstanceUid, CancellationToken cancellationToken = default);
}

/// <summary>A study's computed attributes (PS3.4 C.6.1.1.3) and when it last changed.</summary>
public sealed record StudySummary(
    string StudyInstanceUid,
    string PatientId,
    int NumberOfStudyRelatedSeries,
    int NumberOfStudyRelatedInstances,
    IReadOnlyList<string> ModalitiesInStudy,
    IReadOnlyList<string> SopClassesInStudy,
    DateTimeOffset UpdatedAt);

/// <summary>The index cannot be read or written (database missing, locked, full, corrupt).</summary>
public sealed class ArchiveIndexException(string message, Exception? inner = null) : Exception(message, inner);
