using System.Buffers.Binary;
using System.Text;

namespace Osprey.Network.Tests.Pdu;

/// <summary>Builds PDU bytes by hand, big endian (PS3.8 §9.3.1), for tests that need exact or broken encodings.</summary>
internal sealed class PduBytes
{
    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public PduBytes U8(params byte[] values)
    {
        _bytes.AddRange(values);
        return this;
    }

    public PduBytes U16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        _bytes.AddRange(b);
        return this;
    }

    public PduBytes U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        _bytes.AddRange(b);
        return this;
    }

    public PduBytes Ascii(string text)
    {
        _bytes.AddRange(Encoding.ASCII.GetBytes(text));
        return this;
    }

    public PduBytes Zeros(int count)
    {
        for (int i = 0; i < count; i++) _bytes.Add(0);
        return this;
    }

    public PduBytes Raw(byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    /// <summary>An item whose 16-bit length is computed (for tests about other things than lengths).</summary>
    public PduBytes Item(byte type, byte[] value)
    {
        U8(type, 0).U16((ushort)value.Length);
        return Raw(value);
    }

    public PduBytes Item(byte type, string text) => Item(type, Encoding.ASCII.GetBytes(text));

    public byte[] ToArray() => [.. _bytes];

    public static implicit operator byte[](PduBytes b) => b.ToArray();

    /// <summary>
    /// The 68 bytes of fixed fields of an A-ASSOCIATE-RQ/AC body (PS3.8 Table 9-11, bytes 7–74): protocol
    /// version 1, reserved, called and calling AE titles (16 bytes, space padded), 32 reserved bytes.
    /// </summary>
    public static PduBytes AssociateFixedFields(string called = "ARCHIVE", string calling = "MODALITY1") =>
        new PduBytes().U16(0x0001).Zeros(2).Ascii(called.PadRight(16)).Ascii(calling.PadRight(16)).Zeros(32);

    /// <summary>A presentation context item of an A-ASSOCIATE-RQ (20H) with one abstract and one transfer syntax.</summary>
    public static byte[] PresentationContextRqItem(byte id = 1, string abstractSyntax = "1.2.840.10008.1.1", string transferSyntax = "1.2.840.10008.1.2")
    {
        byte[] value = new PduBytes().U8(id, 0, 0, 0).Item(0x30, abstractSyntax).Item(0x40, transferSyntax);
        return new PduBytes().Item(0x20, value);
    }

    /// <summary>A user information item (50H) holding just a maximum length sub-item (51H) of 16384.</summary>
    public static byte[] MinimalUserInformationItem() => new PduBytes().Item(0x50, new PduBytes().Item(0x51, new PduBytes().U32(16384)));

    public static byte[] ApplicationContextItem() => new PduBytes().Item(0x10, "1.2.840.10008.3.1.1.1");
}
