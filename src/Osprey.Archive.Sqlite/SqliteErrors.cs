using Microsoft.Data.Sqlite;
using Osprey.Archive.Index;

namespace Osprey.Archive.Sqlite;

/// <summary>
/// Turns SQLite's result codes (sqlite.org/rescode.html) into <see cref="ArchiveIndexException"/>s
/// whose message names the database and says what a person can do about it.
/// </summary>
internal static class SqliteErrors
{
    public static ArchiveIndexException Translate(string databasePath, SqliteException ex)
    {
        string reason = (ex.SqliteErrorCode & 0xFF) switch
        {
            3 => "permission denied; check the permissions of the file and its directory",                        // SQLITE_PERM
            5 => "locked by another connection for too long; is another Osprey using the same data directory?",   // SQLITE_BUSY
            6 => "table locked; is another Osprey using the same data directory?",                                 // SQLITE_LOCKED
            7 => "out of memory",                                                                                  // SQLITE_NOMEM
            8 => "read-only; check the permissions of the file, its directory and the -wal and -shm files",        // SQLITE_READONLY
            10 => $"I/O error ({ex.Message}); check the disk",                                                      // SQLITE_IOERR
            11 => "corrupt; restore it from a backup or rebuild the index from the storage",                       // SQLITE_CORRUPT
            13 => "disk full",                                                                                     // SQLITE_FULL
            14 => "cannot be opened; check that its directory exists and is writable",                              // SQLITE_CANTOPEN
            19 => $"constraint violated ({ex.Message})",                                                            // SQLITE_CONSTRAINT
            26 => "not an SQLite database; move it away or point the data directory elsewhere",                    // SQLITE_NOTADB
            _ => ex.Message,
        };
        return new ArchiveIndexException($"index database {databasePath}: {reason}", ex);
    }
}
