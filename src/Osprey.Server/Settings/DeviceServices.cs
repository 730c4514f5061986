namespace Osprey.Server.Settings;

/// <summary>The names <see cref="RemoteDevice.AllowedServices"/> may list (compared ignoring case).</summary>
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

    /// <summary>Every known service name.</summary>
    public static IReadOnlyList<string> All { get; } = [Echo, Store, Find, Move, Get];
}
