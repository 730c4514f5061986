using System.Buffers.Binary;
using System.Text;

namespace Osprey.Dicom.Tests.IO;

/// <summary>Builds encoded data sets byte by byte, for tests that need exact (or broken) encodings.</summary>
internal sealed class ByteBuilder(bool bigEndian = false)
{
    private readonly MemoryStream _bytes = new();

    public ByteBuilder U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        _bytes.Write(b);
        return this;
    }

    public ByteBuilder U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        _bytes.Write(b);
        return this;
    }

    public ByteBuilder Tag(ushort group, ushort element) => U16(group).U16(element);

    public ByteBuilder Ascii(string s)
    {
        _bytes.Write(Encoding.ASCII.GetBytes(s));
        return this;
    }

    public ByteBuilder Raw(params byte[] b)
    {
        _bytes.Write(b);
        return this;
    }

    /// <summary>An explicit VR element with a 16-bit length.</summary>
    public ByteBuilder Short(ushort group, ushort element, string vr, byte[] value) => Tag(group, element).Ascii(vr).U16((ushort)value.Length).Raw(value);

    /// <summary>An explicit VR element with reserved bytes and a 32-bit length.</summary>
    public ByteBuilder Long(ushort group, ushort element, string vr, uint length) => Tag(group, element).Ascii(vr).U16(0).U32(length);

    /// <summary>An implicit VR element.</summary>
    public ByteBuilder Implicit(ushort group, ushort element, byte[] value) => Tag(group, element).U32((uint)value.Length).Raw(value);

    public byte[] ToArray() => _bytes.ToArray();
}
