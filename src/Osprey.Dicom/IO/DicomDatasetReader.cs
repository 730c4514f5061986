using System.Buffers.Binary;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using static Osprey.Dicom.IO.WireFormat;

namespace Osprey.Dicom.IO;

/// <summary>
/// Parses the data elements of a data set (PS3.5 §7): explicit or implicit VR, little or big
/// endian, defined and undefined lengths for sequences and items (§7.5), encapsulated pixel data
/// (§A.4), and UN of undefined length read as an Implicit VR Little Endian sequence (§6.2.2).
/// Lenient where real files need it (a truncated last value is kept as far as it goes, with a
/// warning); otherwise a <see cref="DicomParseException"/> names the offset and tag.
/// </summary>
internal sealed class DicomDatasetReader
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
    private static readonly DicomTag PixelRepresentation = new(0x0028, 0x0103);

    private readonly ByteSource _source;
    private readonly DicomReaderOptions _options;
    private readonly byte[] _header = new byte[12];
    private readonly byte[] _itemHeader = new byte[8];

    public DicomDatasetReader(ByteSource source, DicomReaderOptions options)
    {
        _source = source;
        _options = options;
    }

    public List<string> Warnings { get; } = [];

    /// <summary>True once a value or header was cut short by the end of the data.</summary>
    public bool Truncated { get; private set; }

    /// <summary>True when reading stopped at <see cref="DicomReaderOptions.StopBeforeTag"/>.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Reads top-level elements until the end of the source (or the stop tag).</summary>
    public void ReadTopLevel(DicomDataset dataset, bool explicitVR, bool bigEndian)
        => ReadElements(dataset, explicitVR, bigEndian, end: long.MaxValue, topLevel: true);

    /// <summary>
    /// Reads elements into <paramref name="dataset"/> until <paramref name="end"/> (a defined
    /// length), an Item Delimitation Item (end = -1), or the end of the data.
    /// </summary>
    private void ReadElements(DicomDataset dataset, bool explicitVR, bool bigEndian, long end, bool topLevel)
    {
        // A field, not stackalloc: a method with stackalloc is compiled once without profile-guided
        // optimisation, and this loop runs for every element.
        Span<byte> header = _header;
        while (!Truncated && (end < 0 || _source.Position < end))
        {
            long offset = _source.Position;
            int got = _source.Peek(header[..8]);
            if (got == 0)
            {
                if (end >= 0 && end != long.MaxValue) Warn(offset, "the data ends inside an item");
                else if (end < 0) Warn(offset, "the data ends before an item delimiter");
                return;
            }
            if (got < 8)
            {
                // Trailing bytes too short for a header: nothing a reader can make of them.
                Truncate(offset, $"{got} bytes at the end are too few for an element header");
                return;
            }
            var tag = ReadTag(header, bigEndian);
            if (tag.Group == 0xFFFE)
            {
                uint delimiterLength = ReadUInt32(header[4..], bigEndian);
                _source.Advance(8);
                if (tag == DicomTag.ItemDelimitationItem && end < 0) return;
                if (tag == DicomTag.ItemDelimitationItem || tag == DicomTag.SequenceDelimitationItem)
                {
                    // A delimiter where none belongs: skip it, as other readers do.
                    Warn(offset, $"unexpected delimiter {tag}");
                    continue;
                }
                throw new DicomParseException($"an item tag {tag} of length {delimiterLength} stands where a data element should", offset, tag);
            }
            if (topLevel && ((_options.StopBeforeTag is { } stop && tag >= stop) || (_options.FileMetaOnly && tag.Group != 0x0002)))
            {
                Stopped = true;
                return;
            }

            DicomVR vr;
            long length;
            bool explicitHere = explicitVR;
            if (explicitVR)
            {
                vr = DicomVRInfo.FromBytes(header[4], header[5]);
                if (vr == DicomVR.None && !IsVRLike(header[4], header[5]))
                {
                    // Not a VR at all: this element is implicit VR (files that mix the two exist).
                    Warn(offset, $"element {tag} has no explicit VR; read as implicit VR");
                    explicitHere = false;
                }
            }
            if (explicitHere)
            {
                vr = DicomVRInfo.FromBytes(header[4], header[5]);
                if (vr == DicomVR.None)
                {
                    // Two letters that name no VR: PS3.5 §6.2 says to treat the value as UN with a 16-bit length? It
                    // leaves it open; like other readers, read the 16-bit length and keep the bytes as UN.
                    Warn(offset, $"element {tag} has unknown VR '{(char)header[4]}{(char)header[5]}'; read as UN");
                    length = ReadUInt16(header[6..], bigEndian);
                    _source.Advance(8);
                    vr = DicomVR.UN;
                }
                else if (DicomVRInfo.HasLongLength(vr))
                {
                    if (_source.Peek(header) < 12)
                    {
                        Truncate(offset, $"the header of {tag} is cut short");
                        return;
                    }
                    length = ReadUInt32(header[8..], bigEndian);
                    _source.Advance(12);
                }
                else
                {
                    length = ReadUInt16(header[6..], bigEndian);
                    _source.Advance(8);
                }
            }
            else
            {
                length = ReadUInt32(header[4..], bigEndian);
                _source.Advance(8);
                vr = ImplicitVR(tag, dataset, length);
            }

            var element = ReadValueField(dataset, tag, vr, length, explicitHere, bigEndian, offset);
            if (element != null) dataset.AddOrUpdate(element);
        }
    }

    private DicomElement? ReadValueField(DicomDataset dataset, DicomTag tag, DicomVR vr, long length, bool explicitVR, bool bigEndian, long offset)
    {
        if (length == UndefinedLength)
        {
            if (tag == PixelData || vr is DicomVR.OB or DicomVR.OW)
                // Encapsulated pixel data is OB (PS3.5 §A.4); implicit VR has no VR to say otherwise.
                return ReadFragments(tag, explicitVR ? vr : DicomVR.OB, bigEndian);
            if (vr == DicomVR.SQ)
                return ReadSequence(dataset, tag, explicitVR, bigEndian, undefinedLength: true, end: -1, asUnknown: false);
            if (vr == DicomVR.UN)
                // PS3.5 §6.2.2: UN of undefined length holds a sequence encoded in Implicit VR Little Endian.
                return ReadSequence(dataset, tag, explicitVR: false, bigEndian: false, undefinedLength: true, end: -1, asUnknown: explicitVR);
            throw new DicomParseException($"undefined length on VR {DicomVRInfo.ToText(vr)}, which only SQ, UN and encapsulated pixel data may have", offset, tag);
        }
        if (vr == DicomVR.SQ)
            return ReadSequence(dataset, tag, explicitVR, bigEndian, undefinedLength: false, end: _source.Position + length, asUnknown: false);

        bool restored = false;
        if (vr == DicomVR.UN && explicitVR && KnownVR(tag, dataset, length) is { } known)
        {
            // PS3.5 §6.2.2: a receiver may restore the VR of a standard element sent as UN.
            if (known == DicomVR.SQ)
                return ReadSequence(dataset, tag, explicitVR: false, bigEndian: false, undefinedLength: false, end: _source.Position + length, asUnknown: true);
            vr = known;
            restored = true;
        }

        var value = _source.ReadValue(length, _options.BulkDataThreshold);
        var element = new DicomValueElement(tag, vr, value, bigEndian) { EncodedAsUnknown = restored };
        if (value.Length < length)
        {
            element.IsTruncated = true;
            Truncate(offset, $"the value of {tag} has {value.Length} of its {length} bytes; kept as far as it goes");
        }
        return element;
    }

    private DicomSequence ReadSequence(DicomDataset parent, DicomTag tag, bool explicitVR, bool bigEndian, bool undefinedLength, long end, bool asUnknown)
    {
        var sequence = new DicomSequence(tag) { UndefinedLength = undefinedLength, EncodedAsUnknown = asUnknown };
        var header = _itemHeader.AsSpan();
        while (!Truncated && (end < 0 || _source.Position < end))
        {
            long offset = _source.Position;
            int got = _source.Peek(header);
            if (got < 8)
            {
                Truncate(offset, $"sequence {tag} is cut short");
                break;
            }
            var itemTag = ReadTag(header, bigEndian);
            uint itemLength = ReadUInt32(header[4..], bigEndian);
            if (itemTag == DicomTag.SequenceDelimitationItem)
            {
                _source.Advance(8);
                if (end < 0) break;
                Warn(offset, $"sequence delimiter inside defined-length sequence {tag}");
                continue;
            }
            if (itemTag != DicomTag.Item)
            {
                if (end < 0)
                    throw new DicomParseException($"sequence {tag} holds {itemTag} where an item or the sequence delimiter should be", offset, itemTag);
                throw new DicomParseException($"sequence {tag} holds {itemTag} where an item should be", offset, itemTag);
            }
            _source.Advance(8);
            var item = new DicomDataset { UndefinedLength = itemLength == UndefinedLength, ParentDataset = parent };
            sequence.Add(item);
            ReadElements(item, explicitVR, bigEndian, itemLength == UndefinedLength ? -1 : _source.Position + itemLength, topLevel: false);
        }
        return sequence;
    }

    private DicomFragments ReadFragments(DicomTag tag, DicomVR vr, bool bigEndian)
    {
        var fragments = new DicomFragments(tag, vr == DicomVR.None ? DicomVR.OB : vr);
        var header = _itemHeader.AsSpan();
        bool first = true;
        while (true)
        {
            long offset = _source.Position;
            if (_source.Peek(header) < 8)
            {
                Truncate(offset, $"encapsulated {tag} is cut short");
                break;
            }
            var itemTag = ReadTag(header, bigEndian);
            uint itemLength = ReadUInt32(header[4..], bigEndian);
            _source.Advance(8);
            if (itemTag == DicomTag.SequenceDelimitationItem) break;
            if (itemTag != DicomTag.Item || itemLength == UndefinedLength)
                throw new DicomParseException($"encapsulated pixel data holds {itemTag} (length {itemLength:X8}) where a fragment item should be", offset, itemTag);
            var value = _source.ReadValue(itemLength, _options.BulkDataThreshold);
            if (first) fragments.OffsetTable = value; else fragments.Fragments.Add(value);
            first = false;
            if (value.Length < itemLength)
            {
                Truncate(offset, $"fragment of {tag} has {value.Length} of its {itemLength} bytes");
                break;
            }
        }
        return fragments;
    }

    /// <summary>
    /// The VR of an implicit VR element: the dictionary's, with the ambiguous ones resolved as
    /// PS3.5 §A.1 and PS3.3 say (OW for pixel and overlay data; SS for US-or-SS when Pixel
    /// Representation is 1). Private creators are LO, group lengths UL, unknown elements UN.
    /// </summary>
    private static DicomVR ImplicitVR(DicomTag tag, DicomDataset dataset, long length)
    {
        if (tag.IsGroupLength) return DicomVR.UL;
        if (tag.IsPrivateCreator) return DicomVR.LO;
        var entry = DicomDictionary.Lookup(tag);
        if (entry == null || entry.VRs.Length == 0) return length == UndefinedLength ? DicomVR.SQ : DicomVR.UN;
        if (entry.VRs.Length == 1) return entry.VR;
        if (length == UndefinedLength && entry.VRs.Contains(DicomVR.SQ)) return DicomVR.SQ;
        if (entry.VRs.Contains(DicomVR.OW)) return DicomVR.OW;
        if (entry.VRs.Contains(DicomVR.SS) && entry.VRs.Contains(DicomVR.US))
            return FindPixelRepresentation(dataset) == 1 ? DicomVR.SS : DicomVR.US;
        return entry.VR;
    }

    /// <summary>
    /// The dictionary VR of a standard element read as UN, when its value fits that VR's length
    /// field (LO for a private creator); null for private or unknown elements.
    /// </summary>
    private static DicomVR? KnownVR(DicomTag tag, DicomDataset dataset, long length)
    {
        if (tag.IsPrivateCreator) return DicomVR.LO; // PS3.5 §7.8.1
        if (tag.IsPrivate || tag.IsGroupLength || DicomDictionary.Lookup(tag) is not { VRs.Length: > 0 }) return null;
        var vr = ImplicitVR(tag, dataset, length);
        if (vr is DicomVR.UN or DicomVR.None) return null;
        return DicomVRInfo.HasLongLength(vr) || length <= 0xFFFF ? vr : null;
    }

    private static long? FindPixelRepresentation(DicomDataset? dataset)
    {
        for (; dataset != null; dataset = dataset.ParentDataset)
            if (dataset.TryGet(PixelRepresentation, out var e) && e is DicomValueElement { Length: >= 2 } v)
                return v.ReadUInt16(0);
        return null;
    }

    private void Warn(long offset, string message) => Warnings.Add($"at byte {offset}: {message}");

    private void Truncate(long offset, string message)
    {
        Truncated = true;
        Warn(offset, message);
    }
}
