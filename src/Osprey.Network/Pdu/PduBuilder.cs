using System.Buffers.Binary;
using System.Text;

namespace Osprey.Network.Pdu;

/// <summary>
/// A growing big-endian byte buffer for the A-ASSOCIATE PDUs (PS3.8 §9.3.1): length fields are reserved when an
/// item opens and filled in when it closes, so no item has to be measured twice.
/// </summary>
internal sealed class PduBuilder
{
    private byte[] _buffer = new byte[512];
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void U8(byte value) => Reserve(1)[0] = value;

    public void U16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void U32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void Zeros(int count) => Reserve(count).Clear();

    public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>Text of an item (a UID or a name), one byte per character, unpadded.</summary>
    public void Text(string text, string what) => Encoding.Latin1.GetBytes(text, Reserve(PduText.ByteCount(text, what)));

    public void AeTitle(string title, string what) => PduText.WriteAeTitle(title, Reserve(PduText.AeTitleLength), what);

    /// <summary>A 16-bit length, then <paramref name="text"/> (the UID fields inside user information sub-items).</summary>
    public void LengthPrefixedText(string text, string what)
    {
        int count = PduText.ByteCount(text, what);
        if (count > ushort.MaxValue) throw new ArgumentException($"{what} '{text}' is longer than a 16-bit length field allows");
        U16((ushort)count);
        Text(text, what);
    }

    /// <summary>A 16-bit length, then <paramref name="bytes"/>.</summary>
    public void LengthPrefixedBytes(ReadOnlySpan<byte> bytes, string what)
    {
        if (bytes.Length > ushort.MaxValue) throw new ArgumentException($"{what} is {bytes.Length} bytes long, more than a 16-bit length field allows");
        U16((ushort)bytes.Length);
        Bytes(bytes);
    }

    /// <summary>Opens an item: its type, the byte after it, and a 16-bit length to be filled in by <see cref="EndItem"/>.</summary>
    public int BeginItem(byte type, byte secondByte = 0)
    {
        U8(type);
        U8(secondByte);
        return BeginLength();
    }

    /// <summary>Reserves a 16-bit length for what follows, to be filled in by <see cref="EndItem"/>.</summary>
    public int BeginLength()
    {
        int lengthAt = _length;
        U16(0);
        return lengthAt;
    }

    /// <summary>Fills in the 16-bit length reserved at <paramref name="lengthAt"/> with the count of bytes written since.</summary>
    public void EndItem(int lengthAt, string what)
    {
        int length = _length - lengthAt - 2;
        if (length > ushort.MaxValue)
            throw new ArgumentException($"{what} would be {length} bytes long, more than a 16-bit item length allows");
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(lengthAt), (ushort)length);
    }

    /// <summary>Opens a PDU: its type, a reserved byte, and a 32-bit length to be filled in by <see cref="EndPdu"/>.</summary>
    public int BeginPdu(PduType type)
    {
        U8((byte)type);
        U8(0);
        int lengthAt = _length;
        U32(0);
        return lengthAt;
    }

    public void EndPdu(int lengthAt) => BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(lengthAt), (uint)(_length - lengthAt - 4));

    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
            Array.Resize(ref _buffer, (int)Math.Min(Array.MaxLength, Math.Max((long)_buffer.Length * 2, (long)_length + count)));
        Span<byte> span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
