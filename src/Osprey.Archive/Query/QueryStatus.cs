namespace Osprey.Archive.Query;

/// <summary>The C-FIND (and C-MOVE, C-GET) failure statuses a query identifier can earn (PS3.4 Tables C.4-1, C.4-2, C.4-3).</summary>
public static class QueryStatus
{
    /// <summary>Error: Data Set does not match SOP Class (A900): the identifier does not fit the information model.</summary>
    public const ushort IdentifierDoesNotMatchSopClass = 0xA900;

    /// <summary>Failed: Unable to process (Cxxx): a value Osprey cannot match, e.g. a malformed date range.</summary>
    public const ushort UnableToProcess = 0xC000;
}
