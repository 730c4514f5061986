using System.Collections;
using System.Runtime.InteropServices;
using System.Text;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.Text;

namespace Osprey.Dicom.Data;

/// <summary>
/// A data set (PS3.5 §7): data elements ordered by tag, each at most once. Used for the top-level
/// data set, for the file meta information and for the items of sequences. Items inherit the
/// Specific Character Set of the data set that holds their sequence unless they carry their own
/// (PS3.5 §7.5.3).
/// </summary>
public sealed class DicomDataset : IEnumerable<DicomElement>
{
    private readonly List<DicomElement> _elements;
    private DicomCharacterSet? _characterSet;

    public DicomDataset() => _elements = [];

    public DicomDataset(IEnumerable<DicomElement> elements) : this()
    {
        foreach (var e in elements) AddOrUpdate(e);
    }

    /// <summary>The sequence this data set is an item of, if any.</summary>
    public DicomSequence? Parent { get; internal set; }

    /// <summary>The data set that holds <see cref="Parent"/>, if any.</summary>
    public DicomDataset? ParentDataset { get; internal set; }

    /// <summary>For an item: whether it was (or is to be) encoded with undefined length and an Item Delimitation Item.</summary>
    public bool UndefinedLength { get; set; } = true;

    public int Count => _elements.Count;

    /// <summary>The elements in tag order.</summary>
    public IReadOnlyList<DicomElement> Elements => _elements;

    /// <summary>
    /// The character set for text values here: this data set's own Specific Character Set
    /// (0008,0005), or else the one of the data set that holds it, or else the default repertoire.
    /// </summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (_characterSet != null) return _characterSet;
            if (TryGet(SpecificCharacterSetTag, out var e) && e is DicomValueElement v)
                return _characterSet = DicomCharacterSet.FromSpecificCharacterSet(DicomValueElement.DecodeDefaultRepertoire(v.Value.Memory.Span));
            return ParentDataset?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    private static readonly DicomTag SpecificCharacterSetTag = new(0x0008, 0x0005);

    // ---- element access ----

    private int IndexOf(DicomTag tag)
    {
        var span = CollectionsMarshal.AsSpan(_elements);
        int lo = 0, hi = span.Length - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            uint v = span[mid].Tag.Value;
            if (v == tag.Value) return mid;
            if (v < tag.Value) lo = mid + 1; else hi = mid - 1;
        }
        return ~lo;
    }

    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    public DicomElement? this[DicomTag tag] => TryGet(tag, out var e) ? e : null;

    public bool TryGet(DicomTag tag, out DicomElement element)
    {
        int i = IndexOf(tag);
        element = i >= 0 ? _elements[i] : null!;
        return i >= 0;
    }

    /// <summary>Adds the element, replacing any element with the same tag.</summary>
    public void AddOrUpdate(DicomElement element)
    {
        if (_elements.Count == 0 || _elements[^1].Tag < element.Tag)
        {
            _elements.Add(element);
        }
        else
        {
            int i = IndexOf(element.Tag);
            if (i >= 0) _elements[i] = element; else _elements.Insert(~i, element);
        }
        if (element.Tag == SpecificCharacterSetTag) _characterSet = null;
        if (element is DicomSequence sq)
            foreach (var item in sq.Items) item.ParentDataset = this;
    }

    public bool Remove(DicomTag tag)
    {
        int i = IndexOf(tag);
        if (i < 0) return false;
        _elements.RemoveAt(i);
        if (tag == SpecificCharacterSetTag) _characterSet = null;
        return true;
    }

    /// <summary>Removes every element for which <paramref name="match"/> is true.</summary>
    public int RemoveAll(Predicate<DicomElement> match) => _elements.RemoveAll(match);

    public IEnumerator<DicomElement> GetEnumerator() => _elements.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // ---- typed getters ----

    /// <summary>The value of a string element decoded and trimmed, or null when absent or empty.</summary>
    public string? GetString(DicomTag tag)
        => TryGet(tag, out var e) && e is DicomValueElement v && v.Length > 0 ? v.GetString(CharacterSet) : null;

    /// <summary>The values of a multi-valued string element; empty when absent.</summary>
    public string[] GetStrings(DicomTag tag)
        => TryGet(tag, out var e) && e is DicomValueElement v ? v.GetStrings(CharacterSet) : [];

    public DicomPersonName? GetPersonName(DicomTag tag)
        => TryGet(tag, out var e) && e is DicomValueElement v && v.Length > 0 ? v.GetPersonNames(CharacterSet).FirstOrDefault() : null;

    public double? GetDouble(DicomTag tag, int index = 0)
        => TryGet(tag, out var e) && e is DicomValueElement v && v.ValueMultiplicity > index ? v.GetDouble(index) : null;

    public long? GetInt64(DicomTag tag, int index = 0)
        => TryGet(tag, out var e) && e is DicomValueElement v && v.ValueMultiplicity > index ? v.GetInt64(index) : null;

    public DicomDate? GetDate(DicomTag tag) => GetString(tag) is { } s && DicomDate.TryParse(s, out var d) ? d : null;

    public DicomTime? GetTime(DicomTag tag) => GetString(tag) is { } s && DicomTime.TryParse(s, out var t) ? t : null;

    public DicomDateTime? GetDateTime(DicomTag tag) => GetString(tag) is { } s && DicomDateTime.TryParse(s, out var t) ? t : null;

    public DicomSequence? GetSequence(DicomTag tag) => TryGet(tag, out var e) ? e as DicomSequence : null;

    // ---- typed setters: values are encoded now, padded to even length (PS3.5 §7.1.1) ----

    /// <summary>Sets a string element; several values are joined with backslashes.</summary>
    public DicomValueElement AddOrUpdate(DicomTag tag, DicomVR vr, params string[] values)
    {
        var text = string.Join('\\', values);
        byte[] bytes = DicomVRInfo.UsesSpecificCharacterSet(vr) ? CharacterSet.Encode(text, vr) : Encoding.Latin1.GetBytes(text);
        if ((bytes.Length & 1) == 1)
        {
            Array.Resize(ref bytes, bytes.Length + 1);
            bytes[^1] = DicomVRInfo.PaddingByte(vr);
        }
        var element = new DicomValueElement(tag, vr, bytes);
        AddOrUpdate(element);
        return element;
    }

    /// <summary>Sets a string element, taking the VR from the data dictionary.</summary>
    public DicomValueElement AddOrUpdate(DicomTag tag, params string[] values) => AddOrUpdate(tag, DictionaryVR(tag), values);

    /// <summary>Sets a binary element (US, SS, UL, SL, FL, FD, SV, UV, OB, OW, OL, OF, OD, OV) in little endian.</summary>
    public DicomValueElement AddOrUpdate<T>(DicomTag tag, DicomVR vr, params T[] values) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        if (!BitConverter.IsLittleEndian) ByteSwap.InPlace(bytes, Marshal.SizeOf<T>());
        if ((bytes.Length & 1) == 1) Array.Resize(ref bytes, bytes.Length + 1);
        var element = new DicomValueElement(tag, vr, bytes);
        AddOrUpdate(element);
        return element;
    }

    internal static DicomVR DictionaryVR(DicomTag tag)
    {
        var vr = DicomDictionary.Lookup(tag)?.VR ?? DicomVR.None;
        return vr == DicomVR.None ? DicomVR.UN : vr;
    }

    // ---- private data elements (PS3.5 §7.8) ----

    /// <summary>
    /// The tag of private element <paramref name="elementOffset"/> (the low byte) in the block that
    /// <paramref name="creator"/> reserved in <paramref name="group"/>; null when no such block
    /// exists and <paramref name="reserve"/> is false. With reserve, the first free block is taken.
    /// </summary>
    public DicomTag? GetPrivateTag(ushort group, string creator, byte elementOffset, bool reserve = false)
    {
        if ((group & 1) == 0) throw new ArgumentException($"group {group:X4} is not private", nameof(group));
        for (ushort block = 0x10; block <= 0xFF; block++)
        {
            var creatorTag = new DicomTag(group, block);
            var existing = GetString(creatorTag);
            if (existing == null)
            {
                if (!reserve) continue;
                AddOrUpdate(creatorTag, DicomVR.LO, creator);
                return new DicomTag(group, (ushort)((block << 8) | elementOffset));
            }
            if (existing == creator) return new DicomTag(group, (ushort)((block << 8) | elementOffset));
        }
        return null;
    }

    /// <summary>The private creator of a private data element, or null when its block is not reserved.</summary>
    public string? GetPrivateCreator(DicomTag tag)
        => tag.IsPrivate && !tag.IsPrivateCreator && tag.Element >= 0x1000 ? GetString(tag.PrivateCreatorTag) : null;
}
