using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Osprey.Dicom.Data;

/// <summary>Reverses the byte order of 2-, 4- or 8-byte numbers, for Big Endian transfer syntaxes (PS3.5 §7.3).</summary>
public static class ByteSwap
{
    public static void InPlace(Span<byte> bytes, int unit)
    {
        int whole = bytes.Length - bytes.Length % unit;
        switch (unit)
        {
            case 2:
                var u16 = MemoryMarshal.Cast<byte, ushort>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(u16, u16);
                break;
            case 4:
                var u32 = MemoryMarshal.Cast<byte, uint>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(u32, u32);
                break;
            case 8:
                var u64 = MemoryMarshal.Cast<byte, ulong>(bytes[..whole]);
                BinaryPrimitives.ReverseEndianness(u64, u64);
                break;
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>, swapping each unit.</summary>
    public static void Copy(ReadOnlySpan<byte> source, Span<byte> destination, int unit)
    {
        source.CopyTo(destination);
        if (unit > 1) InPlace(destination[..source.Length], unit);
    }
}
