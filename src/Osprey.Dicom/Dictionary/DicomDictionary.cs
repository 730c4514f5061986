using Osprey.Dicom.Data;

namespace Osprey.Dicom.Dictionary;

/// <summary>
/// The data dictionary: the registry of data elements of PS3.6 §6 (with the file meta elements of §7) and
/// the command elements of PS3.7 Annex E, looked up by tag or keyword.
/// </summary>
/// <remarks>
/// <para>
/// Nothing is built at start-up: the generated <c>DicomDictionaryData</c> holds the registry as UTF-8 lines
/// together with a hash table of their tags, all static data in the assembly. A lookup probes that table once
/// for the exact tag and, failing that, once per repeating-group mask (five of them), and makes the entry object
/// from its line the first time that entry is asked for; afterwards the same object is returned. Every member
/// is thread-safe.
/// </para>
/// <para>
/// Besides the registry, <see cref="Lookup"/> answers two kinds of tag with shared synthesized entries:
/// <see cref="GroupLengthEntry"/> for a group length (gggg,0000) that the registry does not list (PS3.5 §7.2),
/// and <see cref="PrivateCreatorEntry"/> for a private creator (gggg,0010-00FF) in an odd group (PS3.5 §7.8.1).
/// </para>
/// </remarks>
public static class DicomDictionary
{
    /// <summary>
    /// What <see cref="Lookup"/> gives for any private creator (gggg,0010-00FF), gggg odd: LO, VM 1. Its
    /// <see cref="DicomDictionaryEntry.Tag"/> is the first of them, (0009,0010); no mask describes them all.
    /// </summary>
    public static DicomDictionaryEntry PrivateCreatorEntry { get; } =
        new(new DicomTag(0x0009, 0x0010), 0xFFFFFFFFu, [DicomVR.LO], "LO", "1", "PrivateCreator", "Private Creator", retired: false);

    /// <summary>
    /// What <see cref="Lookup"/> gives for a group length (gggg,0000) that the registry does not list: UL, VM 1,
    /// retired as PS3.5 §7.2 retires group lengths outside groups 0000 and 0002. Tag (0000,0000), mask 0x0000FFFF.
    /// </summary>
    public static DicomDictionaryEntry GroupLengthEntry { get; } =
        new(new DicomTag(0), 0x0000FFFFu, [DicomVR.UL], "UL", "1", "GenericGroupLength", "Group Length", retired: true);

    /// <summary>The entry of each line of the data, made on first use.</summary>
    private static readonly DicomDictionaryEntry?[] s_lines = new DicomDictionaryEntry?[DicomDictionaryData.Count];

    private static Dictionary<string, int>? s_keywords;
    private static IReadOnlyList<DicomDictionaryEntry>? s_entries;

    /// <summary>
    /// Every registry entry, without the synthesized ones, in tag order (a repeating group at its tag with x as 0,
    /// after an exact entry with the same tag). Reading it makes all 5,000-odd entry objects.
    /// </summary>
    public static IReadOnlyList<DicomDictionaryEntry> Entries => s_entries ?? InitializeEntries();

    /// <summary>
    /// The entry of <paramref name="tag"/>: the registry entry with exactly that tag; else the group length entry
    /// for (gggg,0000); else, for a private tag, <see cref="PrivateCreatorEntry"/> when it is a private creator and
    /// null otherwise; else a repeating-group entry whose tag matches under its mask, such as (60xx,3000) for
    /// (6002,3000); else null.
    /// </summary>
    public static DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        int line = Find(tag.Value, 0);
        if (line >= 0) return GetEntry(line);
        if (tag.Element == 0) return GroupLengthEntry;
        if (tag.IsPrivate) return tag.IsPrivateCreator ? PrivateCreatorEntry : null;
        var masks = DicomDictionaryData.Masks;
        for (int m = 1; m < masks.Length; m++)
        {
            line = Find(tag.Value & masks[m], m);
            if (line >= 0) return GetEntry(line);
        }
        return null;
    }

    /// <summary>
    /// The registry entry with this keyword (case-sensitive, "StudyInstanceUID"), or null. The first call reads
    /// every keyword into a hash table. Should a keyword ever name two entries, the one that is not retired wins,
    /// else the first.
    /// </summary>
    public static DicomDictionaryEntry? LookupKeyword(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        var keywords = s_keywords ?? InitializeKeywords();
        return keywords.TryGetValue(keyword, out int line) ? GetEntry(line) : null;
    }

    /// <summary>
    /// The line whose tag (x as 0) is <paramref name="maskedTag"/> and whose mask is <c>Masks[maskIndex]</c>, or -1:
    /// open addressing with linear probing over the generated <c>Slots</c>.
    /// </summary>
    private static int Find(uint maskedTag, int maskIndex)
    {
        var slots = DicomDictionaryData.Slots;
        var tags = DicomDictionaryData.LineTags;
        var masks = DicomDictionaryData.LineMasks;
        int slot = (int)((maskedTag * DicomDictionaryData.SlotMultiplier) >> DicomDictionaryData.SlotShift);
        while (true)
        {
            int line = slots[slot] - 1;
            if (line < 0 || (tags[line] == maskedTag && masks[line] == maskIndex)) return line;
            slot = (slot + 1) & (slots.Length - 1);
        }
    }

    private static DicomDictionaryEntry GetEntry(int line)
    {
        var entry = Volatile.Read(ref s_lines[line]);
        if (entry is not null) return entry;
        entry = ParseLine(line);
        return Interlocked.CompareExchange(ref s_lines[line], entry, null) ?? entry;
    }

    private static Dictionary<string, int> InitializeKeywords()
    {
        var keywords = new Dictionary<string, int>(DicomDictionaryData.Count, StringComparer.Ordinal);
        var retired = new bool[DicomDictionaryData.Count];
        for (int line = 0; line < DicomDictionaryData.Count; line++)
        {
            var fields = Line(line);
            RegistryDataReader.NextField(ref fields); // tag
            RegistryDataReader.NextField(ref fields); // VR
            RegistryDataReader.NextField(ref fields); // VM
            retired[line] = !RegistryDataReader.NextField(ref fields).IsEmpty;
            var keyword = RegistryDataReader.NextField(ref fields);
            if (keyword.IsEmpty) continue;
            var text = RegistryDataReader.ToText(keyword);
            if (!keywords.TryGetValue(text, out int owner) || (retired[owner] && !retired[line])) keywords[text] = line;
        }
        return Interlocked.CompareExchange(ref s_keywords, keywords, null) ?? keywords;
    }

    private static IReadOnlyList<DicomDictionaryEntry> InitializeEntries()
    {
        var all = new DicomDictionaryEntry[DicomDictionaryData.Count];
        for (int line = 0; line < all.Length; line++) all[line] = GetEntry(line);
        var entries = Array.AsReadOnly(all);
        return Interlocked.CompareExchange(ref s_entries, entries, null) ?? entries;
    }

    private static ReadOnlySpan<byte> Line(int line)
    {
        var rest = DicomDictionaryData.Elements[DicomDictionaryData.LineStarts[line]..];
        int end = rest.IndexOf((byte)'\n');
        var text = end < 0 ? rest : rest[..end];
        return !text.IsEmpty && text[^1] == (byte)'\r' ? text[..^1] : text;
    }

    /// <summary>One line: <c>tag|VR|VM|R|keyword|name</c>; x digits in the tag vary.</summary>
    private static DicomDictionaryEntry ParseLine(int line)
    {
        var text = Line(line);
        var rest = text;
        var tagText = RegistryDataReader.NextField(ref rest);
        var vrText = RegistryDataReader.ToText(RegistryDataReader.NextField(ref rest));
        var vm = RegistryDataReader.ToText(RegistryDataReader.NextField(ref rest));
        var retired = RegistryDataReader.NextField(ref rest);
        var keyword = RegistryDataReader.ToText(RegistryDataReader.NextField(ref rest));
        var name = RegistryDataReader.ToText(rest);
        var vrs = ParseVRs(vrText);
        if (!TryParseTag(tagText, out uint tag, out uint mask) || vrs is null || vm.Length == 0 || name.Length == 0
            || !(retired.IsEmpty || retired.SequenceEqual("R"u8)))
        {
            throw RegistryDataReader.Corrupt("data dictionary", text);
        }
        return new DicomDictionaryEntry(new DicomTag(tag), mask, vrs, vrText, vm, keyword, name, !retired.IsEmpty);
    }

    /// <summary>Eight hex digits, any of which may be x (a varying digit: 0 in tag and mask).</summary>
    private static bool TryParseTag(ReadOnlySpan<byte> text, out uint tag, out uint mask)
    {
        tag = 0;
        mask = 0;
        if (text.Length != 8) return false;
        foreach (var c in text)
        {
            tag <<= 4;
            mask <<= 4;
            if (c == (byte)'x') continue;
            int digit = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0) return false;
            tag |= (uint)digit;
            mask |= 0xF;
        }
        return true;
    }

    /// <summary>"US or SS" gives [US, SS]; "" gives []; null when a part is not a VR.</summary>
    private static DicomVR[]? ParseVRs(string text)
    {
        if (text.Length == 0) return [];
        if (text.Length == 2) return DicomVRInfo.TryParse(text, out var vr) ? [vr] : null;
        var parts = text.Split(" or ");
        var vrs = new DicomVR[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!DicomVRInfo.TryParse(parts[i], out vrs[i])) return null;
        }
        return vrs;
    }
}
