namespace Osprey.Archive.Index;

/// <summary>
/// The type of a key in the Query/Retrieve information models (PS3.4 C.2.2.1): U (unique), R
/// (required) or O (optional). "All other Attributes at the level" are optional keys.
/// </summary>
public enum QueryKeyType
{
    Unique,
    Required,
    Optional,
}
