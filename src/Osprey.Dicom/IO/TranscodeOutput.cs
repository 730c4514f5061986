using System.Buffers;
using System.Buffers.Binary;
using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>
/// The transcoder's buffered writer: element headers, item and delimiter tags (PS3.5 §7.1, §7.5)
/// and value bytes, byte-swapped on the way when the byte order changes (PS3.5 §7.3). Each call
/// names the encoding, since the items of a UN sequence stay Implicit VR Little Endian inside a
/// data set of another syntax (PS3.5 §6.2.2).
/// </summary>
internal sealed class TranscodeOutput(Stream stream, int bufferSize) : IDisposable
{
    /// <summary>Largest header: tag, VR, two reserved bytes and a 32-bit length (PS3.5 §7.1.2).</summary>
    public const int MaxHeaderLength = 12;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(bufferSize, 64));
    private int _used;

    /// <summary>Makes room for a header (flushing when the buffer cannot take one more).</summary>
    public ValueTask ReserveHeaderAsync(CancellationToken cancellationToken)
        => _buffer.Length - _used >= MaxHeaderLength ? ValueTask.CompletedTask : FlushAsync(cancellationToken);

    /// <summary>An element header; call <see cref="ReserveHeaderAsync"/> first.</summary>
    public void Header(DicomTag tag, DicomVR vr, uint length, bool explicitVR, bool bigEndian)
    {
        var s = _buffer.AsSpan(_used, MaxHeaderLength);
        PutTag(s, tag, bigEndian);
        if (!explicitVR)
        {
            PutUInt32(s[4..], length, bigEndian);
            _used += 8;
        }
        else if (DicomVRInfo.HasLongLength(vr))
        {
            s[4] = (byte)((ushort)vr >> 8);
            s[5] = (byte)vr;
            s[6] = 0;
            s[7] = 0;
            PutUInt32(s[8..], length, bigEndian);
            _used += 12;
        }
        else
        {
            s[4] = (byte)((ushort)vr >> 8);
            s[5] = (byte)vr;
            if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(s[6..], checked((ushort)length));
            else BinaryPrimitives.WriteUInt16LittleEndian(s[6..], checked((ushort)length));
            _used += 8;
        }
    }

    /// <summary>An item, item delimiter or sequence delimiter (tag and 32-bit length, no VR); call <see cref="ReserveHeaderAsync"/> first.</summary>
    public void Delimiter(DicomTag tag, uint length, bool bigEndian)
    {
        var s = _buffer.AsSpan(_used, 8);
        PutTag(s, tag, bigEndian);
        PutUInt32(s[4..], length, bigEndian);
        _used += 8;
    }

    /// <summary>
    /// Writes <paramref name="count"/> bytes of a value, reversing each <paramref name="swapUnit"/>-byte
    /// number when the unit is over 1. <paramref name="count"/> is a whole number of units except at
    /// the end of a value, whose odd bytes (a malformed length) are copied as they are.
    /// </summary>
    public async ValueTask WriteValueAsync(byte[] source, int offset, int count, int swapUnit, CancellationToken cancellationToken)
    {
        if (swapUnit <= 1 && count >= _buffer.Length / 2)
        {
            // A large run that needs no swapping goes straight through.
            await FlushAsync(cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(source.AsMemory(offset, count), cancellationToken).ConfigureAwait(false);
            return;
        }
        while (count > 0)
        {
            int room = _buffer.Length - _used;
            room -= room % 8; // a whole number of units of every size
            if (room == 0)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }
            int n = Math.Min(room, count);
            ByteSwap.Copy(source.AsSpan(offset, n), _buffer.AsSpan(_used, n), swapUnit);
            _used += n;
            offset += n;
            count -= n;
        }
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_used == 0) return;
        await stream.WriteAsync(_buffer.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
        _used = 0;
    }

    private static void PutTag(Span<byte> s, DicomTag tag, bool bigEndian)
    {
        if (bigEndian)
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

    private static void PutUInt32(Span<byte> s, uint value, bool bigEndian)
    {
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(s, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(s, value);
    }

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
