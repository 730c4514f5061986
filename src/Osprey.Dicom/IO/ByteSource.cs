using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>
/// What the parser reads from: a buffer in memory (values become slices of it, nothing is copied)
/// or a stream (values are copied, and large ones are left on the source as bulk data when the
/// source can be opened again). Lengths read from the data never size an allocation beyond the
/// bytes that are actually there.
/// </summary>
internal abstract class ByteSource
{
    /// <summary>Offset of the next byte from the start of the source.</summary>
    public abstract long Position { get; }

    /// <summary>Copies up to <c>destination.Length</c> bytes without consuming them; returns how many.</summary>
    public abstract int Peek(Span<byte> destination);

    /// <summary>Consumes bytes already peeked.</summary>
    public abstract void Advance(int count);

    /// <summary>
    /// Reads a value field of <paramref name="length"/> bytes, or as much of it as the source holds
    /// (the caller compares <see cref="DicomValue.Length"/> to see a truncation).
    /// </summary>
    public abstract DicomValue ReadValue(long length, long bulkThreshold);
}

/// <summary>A source over memory: zero-copy.</summary>
internal sealed class MemoryByteSource : ByteSource
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly byte[]? _array; // the array behind _data, when there is one: spans of it are cheaper to take
    private readonly int _arrayOffset;
    private readonly long _baseOffset;
    private int _position;

    public MemoryByteSource(ReadOnlyMemory<byte> data, long baseOffset = 0)
    {
        _data = data;
        _baseOffset = baseOffset;
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment))
        {
            _array = segment.Array;
            _arrayOffset = segment.Offset;
        }
    }

    public override long Position => _baseOffset + _position;

    private ReadOnlySpan<byte> Rest => _array != null
        ? _array.AsSpan(_arrayOffset + _position, _data.Length - _position)
        : _data.Span[_position..];

    public override int Peek(Span<byte> destination)
    {
        var rest = Rest;
        int n = Math.Min(destination.Length, rest.Length);
        rest[..n].CopyTo(destination);
        return n;
    }

    public override void Advance(int count) => _position += count;

    public override DicomValue ReadValue(long length, long bulkThreshold)
    {
        int n = (int)Math.Min(length, _data.Length - _position);
        var value = new DicomValue(_data.Slice(_position, n));
        _position += n;
        return value;
    }
}

/// <summary>
/// A source over a stream, with its own read buffer. When the stream can seek and
/// <paramref name="bulkSource"/> can reopen it, values over the threshold are skipped and recorded
/// as <see cref="BulkDataReference"/>s: a 2 GB file is parsed in a few MB.
/// </summary>
internal sealed class StreamByteSource(Stream stream, IBulkDataSource? bulkSource, long startOffset = 0) : ByteSource
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start, _end;
    private long _bufferOffset = startOffset; // source offset of _buffer[_start]
    private bool _eof;

    public override long Position => _bufferOffset;

    private long Remaining => stream.CanSeek ? stream.Length - stream.Position + (_end - _start) : long.MaxValue;

    private void Fill(int wanted)
    {
        if (_end - _start >= wanted || _eof) return;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        while (_end < wanted && !_eof)
        {
            int n = stream.Read(_buffer, _end, _buffer.Length - _end);
            if (n <= 0) _eof = true; else _end += n;
        }
    }

    public override int Peek(Span<byte> destination)
    {
        Fill(destination.Length);
        int n = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        return n;
    }

    public override void Advance(int count)
    {
        _start += count;
        _bufferOffset += count;
    }

    public override DicomValue ReadValue(long length, long bulkThreshold)
    {
        long available = Math.Min(length, Remaining);
        if (bulkSource != null && stream.CanSeek && available > bulkThreshold)
        {
            var reference = new BulkDataReference(bulkSource, _bufferOffset, available);
            Skip(available);
            return new DicomValue(reference);
        }
        if (available > Array.MaxLength && stream.CanSeek)
            throw new DicomParseException($"a value of {length} bytes does not fit in memory; read it from a seekable file", _bufferOffset);
        if (available <= _end - _start)
        {
            var small = _buffer.AsSpan(_start, (int)available).ToArray();
            Advance((int)available);
            return new DicomValue(small);
        }
        // Unknown remaining length (a non-seekable stream): grow as bytes arrive, never trusting the length field.
        var collected = new MemoryStream((int)Math.Min(available, 1 << 20));
        long left = available;
        while (left > 0)
        {
            Fill(1);
            int n = (int)Math.Min(left, _end - _start);
            if (n == 0) break;
            if (collected.Length + n > Array.MaxLength)
                throw new DicomParseException($"a value of {length} bytes does not fit in memory; read it from a seekable file", _bufferOffset);
            collected.Write(_buffer, _start, n);
            Advance(n);
            left -= n;
        }
        return new DicomValue(collected.GetBuffer().AsMemory(0, (int)collected.Length));
    }

    private void Skip(long count)
    {
        int inBuffer = (int)Math.Min(count, _end - _start);
        Advance(inBuffer);
        count -= inBuffer;
        if (count > 0)
        {
            stream.Seek(count, SeekOrigin.Current);
            _bufferOffset += count;
        }
    }
}
