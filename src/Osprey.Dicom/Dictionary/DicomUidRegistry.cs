namespace Osprey.Dicom.Dictionary;

/// <summary>
/// The UID registry of PS3.6 Annex A (Table A-1): SOP Classes, Transfer Syntaxes, well-known instances, coding
/// schemes and the rest, looked up by UID.
/// </summary>
/// <remarks>Built from the generated <c>DicomUidData</c> on first use (under a millisecond); never changed afterwards, so thread-safe.</remarks>
public static class DicomUidRegistry
{
    private static Tables? s_tables;

    /// <summary>Every registry entry, in UID order.</summary>
    public static IReadOnlyList<DicomUidEntry> Entries => GetTables().ReadOnlyEntries;

    /// <summary>The entries for which <see cref="DicomUidEntry.IsStorageSopClass"/> holds, retired ones included.</summary>
    public static IEnumerable<DicomUidEntry> StorageSopClasses => GetTables().StorageSopClasses;

    /// <summary>The entries for which <see cref="DicomUidEntry.IsTransferSyntax"/> holds, retired ones included.</summary>
    public static IEnumerable<DicomUidEntry> TransferSyntaxes => GetTables().TransferSyntaxes;

    /// <summary>
    /// The entry of <paramref name="uid"/>, or null when the registry does not list it. Padding as read from a UI
    /// value (a trailing NUL or space, PS3.5 §6.2) is ignored.
    /// </summary>
    public static DicomUidEntry? Lookup(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        var byUid = GetTables().ByUid;
        if (byUid.TryGetValue(uid, out var entry)) return entry;
        var trimmed = uid.TrimEnd('\0', ' ');
        return trimmed.Length != uid.Length ? byUid.GetValueOrDefault(trimmed) : null;
    }

    private sealed class Tables
    {
        public required IReadOnlyList<DicomUidEntry> ReadOnlyEntries { get; init; }
        public required Dictionary<string, DicomUidEntry> ByUid { get; init; }
        public required IReadOnlyList<DicomUidEntry> StorageSopClasses { get; init; }
        public required IReadOnlyList<DicomUidEntry> TransferSyntaxes { get; init; }
    }

    private static Tables GetTables() => s_tables ?? Initialize();

    private static Tables Initialize()
    {
        var all = Parse(DicomUidData.Uids, DicomUidData.Count);
        var tables = new Tables
        {
            ReadOnlyEntries = Array.AsReadOnly(all),
            ByUid = all.ToDictionary(e => e.Uid, StringComparer.Ordinal),
            StorageSopClasses = Array.AsReadOnly(all.Where(e => e.IsStorageSopClass).ToArray()),
            TransferSyntaxes = Array.AsReadOnly(all.Where(e => e.IsTransferSyntax).ToArray()),
        };
        return Interlocked.CompareExchange(ref s_tables, tables, null) ?? tables;
    }

    /// <summary>Parses lines of <c>uid|type|R|keyword|name|info</c>.</summary>
    internal static DicomUidEntry[] Parse(ReadOnlySpan<byte> data, int count)
    {
        var entries = new List<DicomUidEntry>(count);
        var reader = new RegistryDataReader(data);
        while (reader.TryReadLine(out var line))
        {
            var rest = line;
            var uid = RegistryDataReader.ToText(RegistryDataReader.NextField(ref rest));
            var type = RegistryDataReader.ToText(RegistryDataReader.NextField(ref rest));
            var retired = RegistryDataReader.NextField(ref rest);
            var keyword = RegistryDataReader.ToText(RegistryDataReader.NextField(ref rest));
            var name = RegistryDataReader.ToText(RegistryDataReader.NextField(ref rest));
            var info = RegistryDataReader.ToText(rest);
            if (uid.Length == 0 || type.Length == 0 || !(retired.IsEmpty || retired.SequenceEqual("R"u8)))
            {
                throw RegistryDataReader.Corrupt("UID registry", line);
            }
            entries.Add(new DicomUidEntry(uid, name, keyword, type, info, !retired.IsEmpty));
        }
        if (entries.Count != count)
        {
            throw new InvalidOperationException($"The generated UID registry has {entries.Count} entries, not {count}; regenerate it with tools/Osprey.DictionaryGen.");
        }
        return [.. entries];
    }
}
