using Osprey.Archive.Index;

namespace Osprey.Server.Archive;

/// <summary>Opens the archive's index of one provider (setting <c>Index:Provider</c>) for a data directory.</summary>
public interface IArchiveIndexFactory
{
    /// <summary>Where the index is, for messages: a file, or a database on a server.</summary>
    string Location(string dataDirectory);

    /// <summary>Whether the index has been created, so that <c>osprey verify</c> can say there is none rather than make one.</summary>
    bool Exists(string dataDirectory);

    /// <summary>Opens the index, creating it on first use. Throws <see cref="ArchiveIndexException"/> when it cannot be opened.</summary>
    IArchiveIndex Open(string dataDirectory);
}
