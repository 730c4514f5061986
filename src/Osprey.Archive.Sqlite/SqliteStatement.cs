using Microsoft.Data.Sqlite;

namespace Osprey.Archive.Sqlite;

/// <summary>
/// One SQL statement prepared once on the writer's connection and run many times with new values:
/// the hot path of C-STORE parses no SQL. Parameters are bound by position, in the order named.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public SqliteStatement(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        _parameters = new SqliteParameter[parameterNames.Length];
        for (int i = 0; i < parameterNames.Length; i++)
            _parameters[i] = _command.Parameters.Add(new SqliteParameter { ParameterName = parameterNames[i], Value = DBNull.Value });
        _command.Prepare();
    }

    public int Execute(params ReadOnlySpan<object?> values)
    {
        Bind(values);
        return _command.ExecuteNonQuery();
    }

    public object? Scalar(params ReadOnlySpan<object?> values)
    {
        Bind(values);
        var result = _command.ExecuteScalar();
        return result is DBNull ? null : result;
    }

    public SqliteDataReader Query(params ReadOnlySpan<object?> values)
    {
        Bind(values);
        return _command.ExecuteReader();
    }

    private void Bind(ReadOnlySpan<object?> values)
    {
        if (values.Length != _parameters.Length)
            throw new ArgumentException($"{_parameters.Length} values expected, {values.Length} given", nameof(values));
        for (int i = 0; i < values.Length; i++) _parameters[i].Value = values[i] ?? DBNull.Value;
    }

    public void Dispose() => _command.Dispose();
}
