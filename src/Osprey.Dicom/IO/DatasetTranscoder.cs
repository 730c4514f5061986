using System.Buffers.Binary;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using static Osprey.Dicom.IO.WireFormat;

namespace Osprey.Dicom.IO;

/// <summary>
/// Transcodes one data set element by element between two native encodings (implicit or explicit
/// VR, little or big endian; PS3.5 §7 and Annex A), reading each header and copying each value
/// through in chunks. Nothing is kept but a stack of the open sequences and items.
/// </summary>
/// <remarks>What the output looks like, and why, is listed on <see cref="DicomTranscoder"/>.</remarks>
internal sealed class DatasetTranscoder
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private static readonly DicomTag PixelData = DicomTags.PixelData;
    private static readonly DicomTag WaveformData = DicomTags.WaveformData;
    private static readonly DicomTag BitsAllocated = DicomTags.BitsAllocated;
    private static readonly DicomTag WaveformBitsAllocated = DicomTags.WaveformBitsAllocated;
    private static readonly DicomTag PixelRepresentation = DicomTags.PixelRepresentation;

    private readonly Stream _source;
    private readonly Stream _destination;
    private readonly DicomTransferSyntax _from, _to;
    private readonly int _bufferSize;
    private readonly List<Frame> _stack = [];

    public DatasetTranscoder(Stream source, DicomTransferSyntax from, Stream destination, DicomTransferSyntax to, int bufferSize)
    {
        if (from.IsEncapsulated || to.IsEncapsulated) throw new DicomTranscodingNotSupportedException(from, to);
        _source = source;
        _destination = destination;
        _from = from;
        _to = to;
        _bufferSize = bufferSize;
    }

    private enum FrameKind { Dataset, Sequence, Fragments }

    /// <summary>An open data set (the top level or an item), sequence, or encapsulated value.</summary>
    private sealed class Frame
    {
        public FrameKind Kind;
        public DicomTag Tag;

        /// <summary>Source offset where a defined-length container ends; -1 for undefined length.</summary>
        public long End;

        /// <summary>How the elements (or items) inside are encoded in the source and are to be in the output.</summary>
        public bool SourceExplicit, SourceBigEndian, TargetExplicit, TargetBigEndian;

        /// <summary>The enclosing data set, for attributes that decide a VR (Pixel Representation).</summary>
        public Frame? Parent;

        public bool IsTopLevel;
        public ushort? PixelRepresentation, BitsAllocated, WaveformBitsAllocated;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var input = new TranscodeInput(_source, _bufferSize);
        using var output = new TranscodeOutput(_destination, _bufferSize);
        _stack.Add(new Frame
        {
            Kind = FrameKind.Dataset,
            End = long.MaxValue,
            IsTopLevel = true,
            SourceExplicit = _from.IsExplicitVR,
            SourceBigEndian = _from.IsBigEndian,
            TargetExplicit = _to.IsExplicitVR,
            TargetBigEndian = _to.IsBigEndian,
        });
        while (_stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frame = _stack[^1];
            switch (frame.Kind)
            {
                case FrameKind.Dataset:
                    await DatasetStepAsync(frame, input, output, cancellationToken).ConfigureAwait(false);
                    break;
                case FrameKind.Sequence:
                    await SequenceStepAsync(frame, input, output, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await FragmentStepAsync(frame, input, output, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Transcodes the next element of a data set, or closes it at its end.</summary>
    private async ValueTask DatasetStepAsync(Frame frame, TranscodeInput input, TranscodeOutput output, CancellationToken cancellationToken)
    {
        if (frame.End >= 0 && input.Position >= frame.End)
        {
            await CloseAsync(frame, output, cancellationToken).ConfigureAwait(false);
            return;
        }
        long offset = input.Position;
        int got = await input.FillAsync(8, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            if (frame.IsTopLevel)
            {
                _stack.RemoveAt(_stack.Count - 1);
                return;
            }
            throw new DicomParseException(frame.End < 0 ? "the data ends before an item delimiter" : "the data ends inside an item", offset);
        }
        if (got < 8) throw new DicomParseException($"{got} bytes at the end are too few for an element header", offset);

        var tag = ReadTag(input.Buffered, frame.SourceBigEndian);
        if (tag.Group == 0xFFFE)
        {
            input.Advance(8);
            if (tag == DicomTag.ItemDelimitationItem && frame.End < 0)
            {
                await CloseAsync(frame, output, cancellationToken).ConfigureAwait(false);
                return;
            }
            // A delimiter where none belongs is skipped, as the reader does; an item cannot stand here.
            if (tag == DicomTag.ItemDelimitationItem || tag == DicomTag.SequenceDelimitationItem) return;
            throw new DicomParseException($"an item tag {tag} stands where a data element should", offset, tag);
        }

        // The header: explicit VR unless the two bytes where a VR belongs are no VR at all (files that mix the two exist).
        bool explicitHere = frame.SourceExplicit && IsVRLike(input.Buffered[4], input.Buffered[5]);
        DicomVR vr;
        uint length;
        if (explicitHere)
        {
            vr = DicomVRInfo.FromBytes(input.Buffered[4], input.Buffered[5]);
            if (vr == DicomVR.None)
            {
                // Two letters that name no VR: a 16-bit length, and the bytes kept as UN (as the reader does).
                length = ReadUInt16(input.Buffered[6..], frame.SourceBigEndian);
                vr = DicomVR.UN;
                input.Advance(8);
            }
            else if (DicomVRInfo.HasLongLength(vr))
            {
                if (await input.FillAsync(12, cancellationToken).ConfigureAwait(false) < 12)
                    throw new DicomParseException("the element header is cut short", offset, tag);
                length = ReadUInt32(input.Buffered[8..], frame.SourceBigEndian);
                input.Advance(12);
            }
            else
            {
                length = ReadUInt16(input.Buffered[6..], frame.SourceBigEndian);
                input.Advance(8);
            }
        }
        else
        {
            length = ReadUInt32(input.Buffered[4..], frame.SourceBigEndian);
            input.Advance(8);
            vr = ImplicitVR(tag, frame, length);
        }

        if (length == UndefinedLength)
        {
            await OpenUndefinedLengthAsync(frame, tag, vr, explicitHere, offset, output, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (tag.IsGroupLength)
        {
            await SkipAsync(input, length, tag, offset, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (vr == DicomVR.SQ)
        {
            await output.ReserveHeaderAsync(cancellationToken).ConfigureAwait(false);
            output.Header(tag, DicomVR.SQ, UndefinedLength, frame.TargetExplicit, frame.TargetBigEndian);
            Push(FrameKind.Sequence, tag, input.Position + length, frame, explicitHere, frame.SourceBigEndian, frame.TargetExplicit, frame.TargetBigEndian);
            return;
        }

        // PS3.5 §6.2.2: a value too long for its VR's 16-bit length field is sent as UN.
        var written = frame.TargetExplicit && !DicomVRInfo.HasLongLength(vr) && length > 0xFFFE ? DicomVR.UN : vr;
        // Cells of 8 bits or fewer go into big endian as OB, a byte string no byte order changes (see DicomTranscoder).
        if (tag == PixelData && written == DicomVR.OW && frame.TargetExplicit && frame.TargetBigEndian && frame.BitsAllocated is <= 8)
            written = DicomVR.OB;
        if (length == 2 && (tag == BitsAllocated || tag == PixelRepresentation || tag == WaveformBitsAllocated))
            await RememberAsync(frame, tag, vr, input, cancellationToken).ConfigureAwait(false);
        await output.ReserveHeaderAsync(cancellationToken).ConfigureAwait(false);
        output.Header(tag, written, length, frame.TargetExplicit, frame.TargetBigEndian);
        int unit = frame.SourceBigEndian != frame.TargetBigEndian ? SwapUnit(tag, written, frame) : 1;
        await CopyValueAsync(input, output, length, unit, tag, offset, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An element of undefined length: a sequence, a UN sequence, or encapsulated pixel data.</summary>
    private async ValueTask OpenUndefinedLengthAsync(Frame frame, DicomTag tag, DicomVR vr, bool explicitHere, long offset, TranscodeOutput output, CancellationToken cancellationToken)
    {
        await output.ReserveHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (tag == PixelData || vr is DicomVR.OB or DicomVR.OW)
        {
            // Encapsulated (PS3.5 §A.4): a sequence of fragments, each a byte string.
            output.Header(tag, DicomVR.OB, UndefinedLength, frame.TargetExplicit, frame.TargetBigEndian);
            Push(FrameKind.Fragments, tag, -1, frame, false, frame.SourceBigEndian, false, frame.TargetBigEndian);
        }
        else if (vr == DicomVR.SQ)
        {
            output.Header(tag, DicomVR.SQ, UndefinedLength, frame.TargetExplicit, frame.TargetBigEndian);
            Push(FrameKind.Sequence, tag, -1, frame, explicitHere, frame.SourceBigEndian, frame.TargetExplicit, frame.TargetBigEndian);
        }
        else if (vr == DicomVR.UN)
        {
            // PS3.5 §6.2.2: the items of a UN sequence stay Implicit VR Little Endian, whatever the syntax around them.
            output.Header(tag, DicomVR.UN, UndefinedLength, frame.TargetExplicit, frame.TargetBigEndian);
            Push(FrameKind.Sequence, tag, -1, frame, false, false, false, false);
        }
        else
        {
            throw new DicomParseException($"undefined length on VR {DicomVRInfo.ToText(vr)}, which only SQ, UN and encapsulated pixel data may have", offset, tag);
        }
    }

    /// <summary>The next item of a sequence, or its end.</summary>
    private async ValueTask SequenceStepAsync(Frame frame, TranscodeInput input, TranscodeOutput output, CancellationToken cancellationToken)
    {
        if (frame.End >= 0 && input.Position >= frame.End)
        {
            await CloseAsync(frame, output, cancellationToken).ConfigureAwait(false);
            return;
        }
        long offset = input.Position;
        if (await input.FillAsync(8, cancellationToken).ConfigureAwait(false) < 8)
            throw new DicomParseException($"sequence {frame.Tag} is cut short", offset, frame.Tag);
        var itemTag = ReadTag(input.Buffered, frame.SourceBigEndian);
        uint itemLength = ReadUInt32(input.Buffered[4..], frame.SourceBigEndian);
        input.Advance(8);
        if (itemTag == DicomTag.SequenceDelimitationItem)
        {
            // In a defined-length sequence it is stray, and skipped as the reader does.
            if (frame.End < 0) await CloseAsync(frame, output, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (itemTag != DicomTag.Item)
            throw new DicomParseException($"sequence {frame.Tag} holds {itemTag} where an item should be", offset, itemTag);
        await output.ReserveHeaderAsync(cancellationToken).ConfigureAwait(false);
        output.Delimiter(DicomTag.Item, UndefinedLength, frame.TargetBigEndian);
        Push(FrameKind.Dataset, DicomTag.Item, itemLength == UndefinedLength ? -1 : input.Position + itemLength, frame.Parent,
            frame.SourceExplicit, frame.SourceBigEndian, frame.TargetExplicit, frame.TargetBigEndian);
    }

    /// <summary>The next fragment of encapsulated pixel data, copied as it is, or its end.</summary>
    private async ValueTask FragmentStepAsync(Frame frame, TranscodeInput input, TranscodeOutput output, CancellationToken cancellationToken)
    {
        long offset = input.Position;
        if (await input.FillAsync(8, cancellationToken).ConfigureAwait(false) < 8)
            throw new DicomParseException($"encapsulated {frame.Tag} is cut short", offset, frame.Tag);
        var itemTag = ReadTag(input.Buffered, frame.SourceBigEndian);
        uint itemLength = ReadUInt32(input.Buffered[4..], frame.SourceBigEndian);
        input.Advance(8);
        if (itemTag == DicomTag.SequenceDelimitationItem)
        {
            await CloseAsync(frame, output, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (itemTag != DicomTag.Item || itemLength == UndefinedLength)
            throw new DicomParseException($"encapsulated {frame.Tag} holds {itemTag} (length {itemLength:X8}) where a fragment item should be", offset, itemTag);
        await output.ReserveHeaderAsync(cancellationToken).ConfigureAwait(false);
        output.Delimiter(DicomTag.Item, itemLength, frame.TargetBigEndian);
        await CopyValueAsync(input, output, itemLength, 1, frame.Tag, offset, cancellationToken).ConfigureAwait(false);
    }

    private void Push(FrameKind kind, DicomTag tag, long end, Frame? parent, bool sourceExplicit, bool sourceBigEndian, bool targetExplicit, bool targetBigEndian)
    {
        var frame = new Frame
        {
            Kind = kind,
            Tag = tag,
            End = end,
            Parent = parent,
            SourceExplicit = sourceExplicit,
            SourceBigEndian = sourceBigEndian,
            TargetExplicit = targetExplicit,
            TargetBigEndian = targetBigEndian,
        };
        _stack.Add(frame);
    }

    /// <summary>Ends an item or sequence (with its delimiter: the output always uses undefined lengths) or encapsulated value.</summary>
    private async ValueTask CloseAsync(Frame frame, TranscodeOutput output, CancellationToken cancellationToken)
    {
        _stack.RemoveAt(_stack.Count - 1);
        if (frame.IsTopLevel) return;
        await output.ReserveHeaderAsync(cancellationToken).ConfigureAwait(false);
        output.Delimiter(frame.Kind == FrameKind.Dataset ? DicomTag.ItemDelimitationItem : DicomTag.SequenceDelimitationItem, 0, frame.TargetBigEndian);
    }

    /// <summary>
    /// How many bytes each number of a value has, for reversing them when the byte order changes: the
    /// VR's size (PS3.5 §7.3), except that native Pixel Data of 32- or 64-bit cells is reversed cell by
    /// cell although its VR is OW. That is how DCMTK writes such data in Explicit VR Big Endian and how
    /// pydicom reads it (pydicom's own rtdose_expb.dcm is such a file), so it is what a big endian peer
    /// expects; a literal reading of OW as 16-bit words would scramble every cell for those readers.
    /// </summary>
    private static int SwapUnit(DicomTag tag, DicomVR vr, Frame frame)
        => tag == PixelData && vr == DicomVR.OW && frame.BitsAllocated is 32 or 64 ? frame.BitsAllocated.Value / 8 : DicomVRInfo.SwapUnit(vr);

    /// <summary>Streams a value of <paramref name="length"/> bytes from input to output in buffer-sized chunks.</summary>
    private static async ValueTask CopyValueAsync(TranscodeInput input, TranscodeOutput output, long length, int unit, DicomTag tag, long offset, CancellationToken cancellationToken)
    {
        long left = length;
        while (left > 0)
        {
            if (input.Available < unit || input.Available == 0)
                await input.FillAsync((int)Math.Min(unit, left), cancellationToken).ConfigureAwait(false);
            int n = (int)Math.Min(input.Available, left);
            if (n >= unit) n -= n % unit;
            else if (n < left) // the data ended (a short tail of a malformed value is copied unswapped)
                throw new DicomParseException($"the value of {tag} has {length - left + n} of its {length} bytes", offset, tag);
            await output.WriteValueAsync(input.Array, input.Start, n, unit, cancellationToken).ConfigureAwait(false);
            input.Advance(n);
            left -= n;
        }
    }

    private static async ValueTask SkipAsync(TranscodeInput input, long length, DicomTag tag, long offset, CancellationToken cancellationToken)
    {
        long left = length;
        while (left > 0)
        {
            if (input.Available == 0 && await input.FillAsync(1, cancellationToken).ConfigureAwait(false) == 0)
                throw new DicomParseException($"the value of {tag} has {length - left} of its {length} bytes", offset, tag);
            int n = (int)Math.Min(input.Available, left);
            input.Advance(n);
            left -= n;
        }
    }

    /// <summary>Keeps the attributes that decide the VR of later implicit VR elements of the same data set (or its items).</summary>
    private static async ValueTask RememberAsync(Frame frame, DicomTag tag, DicomVR vr, TranscodeInput input, CancellationToken cancellationToken)
    {
        if (await input.FillAsync(2, cancellationToken).ConfigureAwait(false) < 2) return; // the copy reports the truncation
        // A UN value is little endian whatever the syntax (PS3.5 §6.2.2, note 2).
        ushort value = ReadUInt16(input.Buffered, frame.SourceBigEndian && vr != DicomVR.UN);
        if (tag == BitsAllocated) frame.BitsAllocated = value;
        else if (tag == PixelRepresentation) frame.PixelRepresentation = value;
        else frame.WaveformBitsAllocated = value;
    }

    /// <summary>
    /// The VR of an implicit VR element (see the remarks of the class): the dictionary's, with the
    /// alternatives resolved from the attributes seen so far in its data set.
    /// </summary>
    private static DicomVR ImplicitVR(DicomTag tag, Frame frame, uint length)
    {
        if (tag.IsGroupLength) return DicomVR.UL;
        if (tag.IsPrivateCreator) return DicomVR.LO;
        var entry = DicomDictionary.Lookup(tag);
        if (entry == null || entry.VRs.Length == 0) return length == UndefinedLength ? DicomVR.SQ : DicomVR.UN;
        var vrs = entry.VRs;
        if (vrs.Length == 1) return entry.VR;
        if (length == UndefinedLength && Array.IndexOf(vrs, DicomVR.SQ) >= 0) return DicomVR.SQ;
        if (Array.IndexOf(vrs, DicomVR.OB) >= 0 && Array.IndexOf(vrs, DicomVR.OW) >= 0)
        {
            ushort? bits = tag == PixelData ? frame.BitsAllocated : tag == WaveformData ? frame.WaveformBitsAllocated : null;
            return bits is <= 8 ? DicomVR.OB : DicomVR.OW;
        }
        if (Array.IndexOf(vrs, DicomVR.OW) >= 0) return DicomVR.OW;
        if (Array.IndexOf(vrs, DicomVR.SS) >= 0 && Array.IndexOf(vrs, DicomVR.US) >= 0)
            return FindPixelRepresentation(frame) == 1 ? DicomVR.SS : DicomVR.US;
        return entry.VR;
    }

    private static ushort? FindPixelRepresentation(Frame? frame)
    {
        for (; frame != null; frame = frame.Parent)
            if (frame.PixelRepresentation is { } value) return value;
        return null;
    }

}
