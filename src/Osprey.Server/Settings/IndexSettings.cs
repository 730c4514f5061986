namespace Osprey.Server.Settings;

/// <summary>Section <c>Index</c>: the database that holds the archive's index of patients, studies, series and instances.</summary>
public sealed class IndexSettings
{
    /// <summary>The embedded SQLite database, <c>&lt;data&gt;/index/osprey.db</c>.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The values <see cref="Provider"/> may take.</summary>
    public static IReadOnlyList<string> Providers { get; } = [Sqlite];

    /// <summary>Which index implementation the archive uses: <c>sqlite</c>.</summary>
    public string Provider { get; set; } = Sqlite;
}
