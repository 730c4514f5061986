using System.Buffers;

namespace Osprey.Dicom.IO;

/// <summary>
/// The transcoder's view of its source: one fixed buffer over a forward-only stream, refilled as
/// it is consumed, so memory stays the buffer's size whatever the data set's. Offsets count bytes
/// from the start of the (inflated) data set, for error messages.
/// </summary>
internal sealed class TranscodeInput(Stream stream, int bufferSize) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, 64));
    private int _start, _end;
    private bool _eof;

    /// <summary>Offset of the next unconsumed byte from the start of the data set.</summary>
    public long Position { get; private set; }

    public int Available => _end - _start;

    /// <summary>The bytes read but not yet consumed.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>The array behind <see cref="Buffered"/> and where those bytes start in it, for writes that outlive a span.</summary>
    public byte[] Array => _buffer;
    public int Start => _start;

    /// <summary>Reads until at least <paramref name="wanted"/> bytes are buffered or the stream ends; returns how many are.</summary>
    public async ValueTask<int> FillAsync(int wanted, CancellationToken cancellationToken)
    {
        if (Available >= wanted || _eof) return Available;
        if (_start > 0)
        {
            // Only called when fewer bytes than one header remain: the move is a few bytes.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, Available);
            _end -= _start;
            _start = 0;
        }
        while (Available < wanted && !_eof)
        {
            int n = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n <= 0) _eof = true;
            else _end += n;
        }
        return Available;
    }

    public void Advance(int count)
    {
        _start += count;
        Position += count;
        if (_start == _end) _start = _end = 0;
    }

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
