using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>
/// Encodes a data set in a transfer syntax (PS3.5 §7). Values are written as held: an unmodified
/// element comes out byte for byte as it was read, except that binary numbers are byte-swapped when
/// the byte order changes (PS3.5 §7.3) and a value too long for a 16-bit explicit length is written
/// as UN (PS3.5 §6.2.2). Sequences and items keep their defined or undefined lengths; defined
/// lengths are recomputed.
/// </summary>
public static class DicomDatasetWriter
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>Writes <paramref name="dataset"/> to <paramref name="output"/>, deflating for the deflated syntax.</summary>
    public static void Write(DicomDataset dataset, Stream output, DicomTransferSyntax syntax)
    {
        if (syntax.IsDeflated)
        {
            using var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true);
            Write(dataset, deflate, syntax.IsExplicitVR, syntax.IsBigEndian);
            return;
        }
        Write(dataset, output, syntax.IsExplicitVR, syntax.IsBigEndian);
    }

    public static void Write(DicomDataset dataset, Stream output, bool explicitVR, bool bigEndian)
    {
        var writer = new Output(output, bigEndian);
        try
        {
            WriteElements(writer, dataset, explicitVR);
            writer.Flush();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>The encoded length of a data set's elements in an (uncompressed) encoding.</summary>
    public static long MeasureLength(DicomDataset dataset, bool explicitVR)
    {
        long total = 0;
        foreach (var e in dataset) total += MeasureElement(e, explicitVR);
        return total;
    }

    private static long MeasureElement(DicomElement element, bool explicitVR)
    {
        switch (element)
        {
            case DicomValueElement v:
                return HeaderLength(WrittenVR(v), explicitVR) + v.Length;
            case DicomSequence sq:
                return (explicitVR ? 12 : 8) + MeasureItems(sq, sq.EncodedAsUnknown ? false : explicitVR) + (sq.UndefinedLength ? 8 : 0);
            case DicomFragments f:
                long n = (explicitVR ? 12 : 8) + 8 + f.OffsetTable.Length + 8;
                foreach (var frag in f.Fragments) n += 8 + frag.Length;
                return n;
            default:
                throw new InvalidOperationException($"unknown element type {element.GetType()}");
        }
    }

    private static long MeasureItems(DicomSequence sq, bool explicitVR)
    {
        long n = 0;
        foreach (var item in sq.Items) n += 8 + MeasureLength(item, explicitVR) + (item.UndefinedLength ? 8 : 0);
        return n;
    }

    private static int HeaderLength(DicomVR vr, bool explicitVR) => !explicitVR ? 8 : DicomVRInfo.HasLongLength(vr) ? 12 : 8;

    /// <summary>The VR to put in an explicit header: UN when none is known, when it arrived as UN, or when the value is too long for a short VR.</summary>
    private static DicomVR WrittenVR(DicomValueElement v)
    {
        var vr = v.VR == DicomVR.None || v.EncodedAsUnknown ? DicomVR.UN : v.VR;
        return !DicomVRInfo.HasLongLength(vr) && v.Length > 0xFFFF ? DicomVR.UN : vr;
    }

    private static void WriteElements(Output w, DicomDataset dataset, bool explicitVR)
    {
        foreach (var element in dataset) WriteElement(w, element, explicitVR);
    }

    private static void WriteElement(Output w, DicomElement element, bool explicitVR)
    {
        switch (element)
        {
            case DicomValueElement v:
                {
                    var vr = WrittenVR(v);
                    if (v.Length > uint.MaxValue - 1)
                        throw new InvalidOperationException($"{v.Tag}: a value of {v.Length} bytes cannot be encoded");
                    w.Header(v.Tag, vr, (uint)v.Length, explicitVR);
                    int unit = v.IsBigEndian != w.BigEndian ? DicomVRInfo.SwapUnit(vr) : 1;
                    w.Value(v.Value, unit);
                    break;
                }
            case DicomSequence sq:
                {
                    bool itemsExplicit = !sq.EncodedAsUnknown && explicitVR;
                    bool wasBigEndian = w.BigEndian;
                    uint length = sq.UndefinedLength ? UndefinedLength : checked((uint)MeasureItems(sq, itemsExplicit));
                    w.Header(sq.Tag, sq.EncodedAsUnknown ? DicomVR.UN : DicomVR.SQ, length, explicitVR);
                    if (sq.EncodedAsUnknown) w.BigEndian = false; // PS3.5 §6.2.2: Implicit VR Little Endian inside
                    foreach (var item in sq.Items)
                    {
                        uint itemLength = item.UndefinedLength ? UndefinedLength : checked((uint)MeasureLength(item, itemsExplicit));
                        w.Delimiter(DicomTag.Item, itemLength);
                        WriteElements(w, item, itemsExplicit);
                        if (item.UndefinedLength) w.Delimiter(DicomTag.ItemDelimitationItem, 0);
                    }
                    if (sq.UndefinedLength) w.Delimiter(DicomTag.SequenceDelimitationItem, 0);
                    w.BigEndian = wasBigEndian;
                    break;
                }
            case DicomFragments f:
                {
                    w.Header(f.Tag, f.VR == DicomVR.None ? DicomVR.OB : f.VR, UndefinedLength, explicitVR);
                    w.Delimiter(DicomTag.Item, (uint)f.OffsetTable.Length);
                    w.Value(f.OffsetTable, 1);
                    foreach (var fragment in f.Fragments)
                    {
                        w.Delimiter(DicomTag.Item, checked((uint)fragment.Length));
                        w.Value(fragment, 1);
                    }
                    w.Delimiter(DicomTag.SequenceDelimitationItem, 0);
                    break;
                }
        }
    }

    /// <summary>A buffered writer of headers and values in one byte order.</summary>
    private sealed class Output(Stream stream, bool bigEndian) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private int _used;

        public bool BigEndian { get; set; } = bigEndian;

        private Span<byte> Reserve(int n)
        {
            if (_buffer.Length - _used < n) Flush();
            return _buffer.AsSpan(_used, n);
        }

        public void Header(DicomTag tag, DicomVR vr, uint length, bool explicitVR)
        {
            var s = Reserve(12);
            PutTag(s, tag);
            if (!explicitVR)
            {
                PutUInt32(s[4..], length);
                _used += 8;
            }
            else if (DicomVRInfo.HasLongLength(vr))
            {
                s[4] = (byte)((ushort)vr >> 8);
                s[5] = (byte)vr;
                s[6] = 0;
                s[7] = 0;
                PutUInt32(s[8..], length);
                _used += 12;
            }
            else
            {
                s[4] = (byte)((ushort)vr >> 8);
                s[5] = (byte)vr;
                if (BigEndian) BinaryPrimitives.WriteUInt16BigEndian(s[6..], (ushort)length);
                else BinaryPrimitives.WriteUInt16LittleEndian(s[6..], (ushort)length);
                _used += 8;
            }
        }

        public void Delimiter(DicomTag tag, uint length)
        {
            var s = Reserve(8);
            PutTag(s, tag);
            PutUInt32(s[4..], length);
            _used += 8;
        }

        /// <summary>Writes a value, reversing each <paramref name="swapUnit"/>-byte number when it is over 1.</summary>
        public void Value(DicomValue value, int swapUnit)
        {
            if (value.IsInMemory)
            {
                var span = value.Memory.Span;
                if (swapUnit <= 1 && span.Length >= _buffer.Length)
                {
                    Flush();
                    stream.Write(span);
                    return;
                }
                while (span.Length > 0)
                {
                    if (_used == _buffer.Length) Flush();
                    int room = _buffer.Length - _used;
                    int n = Math.Min(room - room % 8, span.Length);
                    if (n == 0) { Flush(); continue; }
                    ByteSwap.Copy(span[..n], _buffer.AsSpan(_used, n), swapUnit);
                    _used += n;
                    span = span[n..];
                }
                return;
            }
            Flush();
            if (swapUnit <= 1)
            {
                value.Bulk!.CopyTo(stream);
                return;
            }
            using var swapper = new SwappingStream(stream, swapUnit);
            value.Bulk!.CopyTo(swapper);
        }

        private void PutTag(Span<byte> s, DicomTag tag)
        {
            if (BigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(s, tag.Group);
                BinaryPrimitives.WriteUInt16BigEndian(s[2..], tag.Element);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(s, tag.Group);
                BinaryPrimitives.WriteUInt16LittleEndian(s[2..], tag.Element);
            }
        }

        private void PutUInt32(Span<byte> s, uint v)
        {
            if (BigEndian) BinaryPrimitives.WriteUInt32BigEndian(s, v);
            else BinaryPrimitives.WriteUInt32LittleEndian(s, v);
        }

        public void Flush()
        {
            if (_used > 0) stream.Write(_buffer, 0, _used);
            _used = 0;
        }

        public void Dispose()
        {
            if (_buffer.Length == 0) return;
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Byte-swaps what is written through it, keeping a partial number until its other bytes arrive.</summary>
    private sealed class SwappingStream(Stream inner, int unit) : Stream
    {
        private readonly byte[] _pending = new byte[8];
        private int _pendingCount;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> data)
        {
            var rented = ArrayPool<byte>.Shared.Rent(data.Length + unit);
            try
            {
                _pending.AsSpan(0, _pendingCount).CopyTo(rented);
                data.CopyTo(rented.AsSpan(_pendingCount));
                int total = _pendingCount + data.Length;
                int whole = total - total % unit;
                ByteSwap.InPlace(rented.AsSpan(0, whole), unit);
                inner.Write(rented, 0, whole);
                _pendingCount = total - whole;
                rented.AsSpan(whole, _pendingCount).CopyTo(_pending);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (_pendingCount > 0) inner.Write(_pending, 0, _pendingCount);
            _pendingCount = 0;
            base.Dispose(disposing);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
