using System.Buffers.Binary;
using System.Text;

namespace Osprey.Network.Tests.Dimse;

/// <summary>Writes Implicit VR Little Endian elements by hand, to state expected encodings independently of the encoder.</summary>
internal sealed class CommandBytes
{
    private readonly List<byte> _bytes = [];

    public CommandBytes Header(ushort group, ushort element, uint length)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(b, group);
        BinaryPrimitives.WriteUInt16LittleEndian(b[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], length);
        _bytes.AddRange(b.ToArray());
        return this;
    }

    public CommandBytes US(ushort element, ushort value)
    {
        Header(0x0000, element, 2);
        _bytes.Add((byte)value);
        _bytes.Add((byte)(value >> 8));
        return this;
    }

    public CommandBytes UL(ushort element, uint value)
    {
        Header(0x0000, element, 4);
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _bytes.AddRange(b.ToArray());
        return this;
    }

    /// <summary>A text value, padded to even length with <paramref name="pad"/>.</summary>
    public CommandBytes Text(ushort element, string value, char pad)
    {
        var text = Encoding.ASCII.GetBytes(value).ToList();
        if (text.Count % 2 == 1) text.Add((byte)pad);
        Header(0x0000, element, (uint)text.Count);
        _bytes.AddRange(text);
        return this;
    }

    public CommandBytes Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public int Length => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];
}
