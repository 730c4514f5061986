using Microsoft.Data.Sqlite;

namespace Osprey.Archive.Sqlite;

/// <summary>One read connection and the lookups of <see cref="SqliteArchiveIndex"/>, prepared once.</summary>
internal sealed class SqliteReader : IDisposable
{
    public const string InstanceColumns = """
        SELECT st.study_uid, se.series_uid, i.sop_uid, i.sop_class_uid, i.file, i.size, i.transfer_syntax_uid, i.source_ae, i.received_at
        FROM instances i JOIN series se ON se.pk = i.series_pk JOIN studies st ON st.pk = se.study_pk
        """;

    private readonly SqliteConnection _connection;

    public SqliteReader(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        try
        {
            _connection.Open();
            FindInstance = new(_connection, InstanceColumns + " WHERE i.sop_uid = $uid", "$uid");
            FindStudy = new(_connection, """
                SELECT st.study_uid, p.patient_id, st.num_series, st.num_instances, st.modalities_in_study,
                    st.sop_classes_in_study, st.updated_at
                FROM studies st JOIN patients p ON p.pk = st.patient_pk
                WHERE st.study_uid = $uid
                """, "$uid");
            CountInstances = new(_connection, "SELECT count(*) FROM instances");
        }
        catch
        {
            _connection.Dispose(); // closing the connection finalizes any statement already prepared
            throw;
        }
    }

    public SqliteStatement FindInstance { get; }
    public SqliteStatement FindStudy { get; }
    public SqliteStatement CountInstances { get; }

    public void Dispose()
    {
        FindInstance.Dispose();
        FindStudy.Dispose();
        CountInstances.Dispose();
        _connection.Dispose();
    }
}
