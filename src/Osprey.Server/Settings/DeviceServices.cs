namespace Osprey.Server.Settings;

/// <summary>The names <see cref="RemoteDevice.AllowedServices"/> may list (compared ignoring case); <c>query</c> and <c>retrieve</c> are the settings page's words for find and for move + get.</summary>
public static class DeviceServices
{
    /// <summary>C-ECHO (verification).</summary>
    public const string Echo = "echo";

    /// <summary>C-STORE (the device sends us objects).</summary>
    public const string Store = "store";

    /// <summary>C-FIND (queries).</summary>
    public const string Find = "find";

    /// <summary>C-MOVE (retrieval to a destination AE).</summary>
    public const string Move = "move";

    /// <summary>C-GET (retrieval on the same association).</summary>
    public const string Get = "get";

    /// <summary>Queries: the same as <see cref="Find"/>.</summary>
    public const string Query = "query";

    /// <summary>Retrieval: both <see cref="Move"/> and <see cref="Get"/>.</summary>
    public const string Retrieve = "retrieve";

    /// <summary>Every known service name.</summary>
    public static IReadOnlyList<string> All { get; } = [Echo, Store, Find, Move, Get, Query, Retrieve];

    /// <summary>Whether the name <paramref name="listed"/> in AllowedServices covers <paramref name="service"/> (one of echo, store, find, move, get).</summary>
    public static bool Covers(string listed, string service)
    {
        var name = listed.Trim();
        if (string.Equals(name, service, StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(name, Query, StringComparison.OrdinalIgnoreCase)) return service == Find;
        if (string.Equals(name, Retrieve, StringComparison.OrdinalIgnoreCase)) return service is Move or Get;
        return false;
    }
}
