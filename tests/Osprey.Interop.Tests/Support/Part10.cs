using System.Buffers.Binary;
using System.Text;

namespace Osprey.Interop.Tests.Support;

/// <summary>
/// A DICOM Part 10 file split by the test's own reading (PS3.10 §7.1): the 128-byte preamble and "DICM",
/// the File Meta Information (group 0002, always Explicit VR Little Endian), and the data set bytes that
/// follow it, untouched. Enough to compare what a peer wrote with what was stored, byte for byte.
/// </summary>
public sealed record Part10(string Path, string SopInstanceUid, string TransferSyntaxUid, byte[] DataSet)
{
    public static Part10 Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 132 || Encoding.ASCII.GetString(bytes, 128, 4) != "DICM")
            throw new InvalidDataException($"{path}: not a Part 10 file (no DICM prefix)");
        int offset = 132;
        string sop = "", syntax = "";
        while (offset + 8 <= bytes.Length && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset)) == 0x0002)
        {
            ushort element = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 2));
            string vr = Encoding.ASCII.GetString(bytes, offset + 4, 2);
            int length, header;
            if (vr is "OB" or "OW" or "OF" or "SQ" or "UT" or "UN" or "UC" or "UR" or "OD" or "OL" or "OV" or "SV" or "UV")
            {
                length = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8)));
                header = 12;
            }
            else
            {
                length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 6));
                header = 8;
            }
            string Text() => Encoding.ASCII.GetString(bytes, offset + header, length).TrimEnd('\0', ' ');
            if (element == 0x0003) sop = Text();
            if (element == 0x0010) syntax = Text();
            offset += header + length;
        }
        return new Part10(path, sop, syntax, bytes[offset..]);
    }
}
