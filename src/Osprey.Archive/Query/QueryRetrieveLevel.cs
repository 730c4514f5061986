using Osprey.Archive.Index;

namespace Osprey.Archive.Query;

/// <summary>
/// The levels of the Query/Retrieve information models, as named by the values of Query/Retrieve Level
/// (0008,0052): PS3.4 C.6.1 (Patient Root: PATIENT, STUDY, SERIES, IMAGE) and C.6.2 (Study Root: STUDY,
/// SERIES, IMAGE). IMAGE is the Composite Object Instance level, whatever the kind of instance.
/// </summary>
public enum QueryRetrieveLevel
{
    Patient,
    Study,
    Series,
    Image,
}

/// <summary>The (0008,0052) text of each <see cref="QueryRetrieveLevel"/> and its table in the index.</summary>
public static class QueryRetrieveLevels
{
    /// <summary>
    /// Reads a value of Query/Retrieve Level (0008,0052). Leading and trailing spaces are insignificant
    /// (CS, PS3.5 Table 6.2-1); the comparison ignores case so that "study" is understood too.
    /// </summary>
    public static bool TryParse(string? text, out QueryRetrieveLevel level)
    {
        switch (text?.Trim(' ', '\0').ToUpperInvariant())
        {
            case "PATIENT": level = QueryRetrieveLevel.Patient; return true;
            case "STUDY": level = QueryRetrieveLevel.Study; return true;
            case "SERIES": level = QueryRetrieveLevel.Series; return true;
            case "IMAGE": level = QueryRetrieveLevel.Image; return true;
            default: level = default; return false;
        }
    }

    /// <summary>The Defined Term of (0008,0052) for the level (PS3.4 Table C.6.1-1).</summary>
    public static string ToText(this QueryRetrieveLevel level) => level switch
    {
        QueryRetrieveLevel.Patient => "PATIENT",
        QueryRetrieveLevel.Study => "STUDY",
        QueryRetrieveLevel.Series => "SERIES",
        _ => "IMAGE",
    };

    /// <summary>The index table that holds the entities of the level.</summary>
    public static IndexLevel ToIndexLevel(this QueryRetrieveLevel level) => level switch
    {
        QueryRetrieveLevel.Patient => IndexLevel.Patient,
        QueryRetrieveLevel.Study => IndexLevel.Study,
        QueryRetrieveLevel.Series => IndexLevel.Series,
        _ => IndexLevel.Instance,
    };

    /// <summary>The level whose entities an index table holds.</summary>
    public static QueryRetrieveLevel FromIndexLevel(IndexLevel level) => level switch
    {
        IndexLevel.Patient => QueryRetrieveLevel.Patient,
        IndexLevel.Study => QueryRetrieveLevel.Study,
        IndexLevel.Series => QueryRetrieveLevel.Series,
        _ => QueryRetrieveLevel.Image,
    };
}
