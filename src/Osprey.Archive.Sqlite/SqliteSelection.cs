using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Osprey.Archive.Index;

namespace Osprey.Archive.Sqlite;

/// <summary>
/// An <see cref="IndexSelection"/> as SQL over the four level tables: the level's table joined to
/// the levels above it, one WHERE term per condition, each written so that SQLite can answer it from
/// the index on its column (equality, IN, a range; a prefix as a range; "or empty" as an OR that
/// SQLite splits into index searches). The query plans are checked by SqliteQueryPlanTests.
/// </summary>
internal static class SqliteSelection
{
    /// <summary>The columns read for each level, in this order (see <see cref="SqliteEntityReader"/>).</summary>
    public const string PatientColumns = "p.pk, p.patient_id, p.issuer_of_patient_id, p.num_studies, p.num_series, p.num_instances, p.attributes";
    public const string StudyColumns = "st.pk, st.study_uid, st.num_series, st.num_instances, st.modalities_in_study, st.sop_classes_in_study, st.attributes";
    public const string SeriesColumns = "se.pk, se.series_uid, se.num_instances, se.attributes";
    public const string InstanceColumns = "i.pk, i.sop_uid, i.sop_class_uid, i.attributes";

    /// <summary>The entities of the selection's level with their own and their parents' columns.</summary>
    public static SqliteCommand Entities(SqliteConnection connection, IndexSelection selection)
    {
        var columns = new StringBuilder(PatientColumns);
        if (selection.Level >= IndexLevel.Study) columns.Append(", ").Append(StudyColumns);
        if (selection.Level >= IndexLevel.Series) columns.Append(", ").Append(SeriesColumns);
        if (selection.Level >= IndexLevel.Instance) columns.Append(", ").Append(InstanceColumns);
        return Build(connection, $"SELECT {columns} FROM {Joins(selection.Level)}", selection, selection.Level, "");
    }

    /// <summary>The instances under the selection's entities, with what a retrieve needs.</summary>
    public static SqliteCommand Instances(SqliteConnection connection, IndexSelection selection)
        => Build(connection,
            $"SELECT st.study_uid, se.series_uid, i.sop_uid, i.sop_class_uid, i.file, i.size, i.transfer_syntax_uid, i.source_ae, i.received_at FROM {Joins(IndexLevel.Instance)}",
            selection, IndexLevel.Instance, " ORDER BY st.pk, se.series_number, se.pk, i.instance_number, i.pk");

    private static string Joins(IndexLevel level) => level switch
    {
        IndexLevel.Patient => "patients p",
        IndexLevel.Study => "studies st JOIN patients p ON p.pk = st.patient_pk",
        IndexLevel.Series => "series se JOIN studies st ON st.pk = se.study_pk JOIN patients p ON p.pk = st.patient_pk",
        _ => "instances i JOIN series se ON se.pk = i.series_pk JOIN studies st ON st.pk = se.study_pk JOIN patients p ON p.pk = st.patient_pk",
    };

    private static SqliteCommand Build(SqliteConnection connection, string select, IndexSelection selection, IndexLevel joined, string orderBy)
    {
        var command = connection.CreateCommand();
        var sql = new StringBuilder(select);
        string separator = " WHERE ";
        foreach (var condition in selection.Conditions)
        {
            if (Level(condition.Column) > joined)
                throw new ArgumentException($"{condition.Column} is below the {selection.Level} level", nameof(selection));
            sql.Append(separator).Append(Term(command, condition));
            separator = " AND ";
        }
        sql.Append(orderBy);
        command.CommandText = sql.ToString();
        return command;
    }

    private static string Term(SqliteCommand command, IndexCondition c)
    {
        string column = Column(c.Column);
        string Parameter(string value)
        {
            var name = "$p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
            command.Parameters.AddWithValue(name, value);
            return name;
        }

        string term = c.Kind switch
        {
            IndexConditionKind.Equal => $"{column} = {Parameter(Single(c))}",
            IndexConditionKind.AnyOf when c.Values.Count == 0 => "0", // a list of nothing matches nothing
            IndexConditionKind.AnyOf => $"{column} IN ({string.Join(", ", c.Values.Select(Parameter))})",
            IndexConditionKind.Range => Range(column, c, Parameter),
            IndexConditionKind.Prefix => $"({column} >= {Parameter(Single(c))} AND {column} < {Parameter(Single(c) + char.ConvertFromUtf32(0x10FFFF))})",
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Kind, null),
        };
        // Every stored entity has its unique keys: "or empty" adds nothing there (and would cost the index).
        bool neverEmpty = c.Column is IndexColumn.StudyInstanceUid or IndexColumn.SeriesInstanceUid or IndexColumn.SopInstanceUid;
        return c.OrEmpty && !neverEmpty ? $"({term} OR {Empty(c.Column, column)})" : term;
    }

    private static string Single(IndexCondition c)
        => c.Values.Count == 1 ? c.Values[0] : throw new ArgumentException($"{c.Kind} on {c.Column} takes one value, not {c.Values.Count}");

    private static string Range(string column, IndexCondition c, Func<string, string> parameter)
    {
        if (c.Values.Count != 2) throw new ArgumentException($"a range on {c.Column} takes two values (low, high), not {c.Values.Count}");
        var (low, high) = (c.Values[0], c.Values[1]);
        if (low.Length == 0 && high.Length == 0) return $"{column} IS NOT NULL";
        if (low.Length == 0) return $"{column} <= {parameter(high)}";
        if (high.Length == 0) return $"{column} >= {parameter(low)}";
        return $"({column} >= {parameter(low)} AND {column} <= {parameter(high)})";
    }

    // Patient ID is '' when the instance had none (it is half of the patient's identity); the other
    // columns are NULL then.
    private static string Empty(IndexColumn column, string sql)
        => column == IndexColumn.PatientId ? $"{sql} = ''" : $"{sql} IS NULL";

    private static string Column(IndexColumn column) => column switch
    {
        IndexColumn.PatientId => "p.patient_id",
        IndexColumn.PatientIdFolded => "p.patient_id_folded",
        IndexColumn.PatientNameFolded => "p.patient_name_folded",
        IndexColumn.StudyInstanceUid => "st.study_uid",
        IndexColumn.StudyDate => "st.study_date",
        IndexColumn.AccessionNumber => "st.accession_number",
        IndexColumn.AccessionNumberFolded => "st.accession_number_folded",
        IndexColumn.SeriesInstanceUid => "se.series_uid",
        IndexColumn.Modality => "se.modality",
        IndexColumn.SopInstanceUid => "i.sop_uid",
        IndexColumn.SopClassUid => "i.sop_class_uid",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    /// <summary>The level whose table holds the column.</summary>
    public static IndexLevel Level(IndexColumn column) => column switch
    {
        IndexColumn.PatientId or IndexColumn.PatientIdFolded or IndexColumn.PatientNameFolded => IndexLevel.Patient,
        IndexColumn.StudyInstanceUid or IndexColumn.StudyDate or IndexColumn.AccessionNumber or IndexColumn.AccessionNumberFolded => IndexLevel.Study,
        IndexColumn.SeriesInstanceUid or IndexColumn.Modality => IndexLevel.Series,
        _ => IndexLevel.Instance,
    };
}
