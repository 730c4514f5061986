using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Osprey.Dicom.Text;

namespace Osprey.Dicom.Data;

/// <summary>
/// A data element whose value field is a run of bytes (every VR but SQ, and Pixel Data that is not
/// encapsulated). The bytes are kept as encoded, in the byte order they arrived in, and decoded only
/// when asked for: an unmodified element is written back byte-identical (PS3.5 §6.2 and §7).
/// </summary>
public sealed class DicomValueElement : DicomElement
{
    public DicomValueElement(DicomTag tag, DicomVR vr, DicomValue value, bool bigEndian = false) : base(tag, vr)
    {
        Value = value;
        IsBigEndian = bigEndian;
    }

    public DicomValueElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes, bool bigEndian = false)
        : this(tag, vr, new DicomValue(bytes), bigEndian) { }

    /// <summary>The encoded value field, without any change.</summary>
    public DicomValue Value { get; }

    /// <summary>Byte order of the binary numbers in <see cref="Value"/>.</summary>
    public bool IsBigEndian { get; }

    /// <summary>True when the value could not be read in full (a truncated file); it holds what was there.</summary>
    public bool IsTruncated { get; internal set; }

    public override long Length => Value.Length;

    private ReadOnlySpan<byte> Bytes => Value.Memory.Span;

    // ---- strings (PS3.5 §6.2) ----

    /// <summary>
    /// The whole value as text, decoded with <paramref name="characterSet"/> when the VR uses the
    /// Specific Character Set, and with trailing padding (spaces, NULs) removed.
    /// </summary>
    public string GetString(DicomCharacterSet? characterSet = null)
    {
        var bytes = Bytes;
        string s = DicomVRInfo.UsesSpecificCharacterSet(VR)
            ? (characterSet ?? DicomCharacterSet.Default).Decode(bytes, VR)
            : DecodeDefaultRepertoire(bytes);
        return TrimPadding(s, VR);
    }

    /// <summary>
    /// The values of a multi-valued string, split at backslashes (never for LT, ST, UT, UR), each
    /// with its insignificant spaces removed. An empty value field has no values.
    /// </summary>
    public string[] GetStrings(DicomCharacterSet? characterSet = null)
    {
        if (Value.Length == 0) return [];
        var all = GetString(characterSet);
        if (DicomVRInfo.IsSingleValuedString(VR)) return [all];
        var parts = all.Split('\\');
        for (int i = 0; i < parts.Length; i++) parts[i] = TrimValue(parts[i], VR);
        return parts;
    }

    /// <summary>Number of values: strings split at backslashes, binary values by their size.</summary>
    public int ValueMultiplicity
    {
        get
        {
            if (Value.Length == 0) return 0;
            if (DicomVRInfo.IsString(VR))
                return DicomVRInfo.IsSingleValuedString(VR) ? 1 : Bytes.Count((byte)'\\') + 1;
            int size = BinarySize(VR);
            return size == 0 ? 1 : (int)(Value.Length / size);
        }
    }

    internal static string DecodeDefaultRepertoire(ReadOnlySpan<byte> bytes)
        => Ascii.IsValid(bytes) ? Encoding.ASCII.GetString(bytes) : Encoding.Latin1.GetString(bytes);

    internal static string TrimPadding(string s, DicomVR vr)
    {
        int end = s.Length;
        while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\0')) end--;
        return end == s.Length ? s : s[..end];
    }

    /// <summary>Insignificant spaces of one value: leading and trailing for the VRs PS3.5 Table 6.2-1 says so.</summary>
    internal static string TrimValue(string s, DicomVR vr) => vr switch
    {
        DicomVR.AE or DicomVR.CS or DicomVR.DS or DicomVR.IS or DicomVR.DA or DicomVR.TM or DicomVR.DT
            or DicomVR.AS or DicomVR.UI => s.Trim(' ', '\0'),
        _ => s.TrimEnd(' ', '\0'),
    };

    // ---- binary numbers (PS3.5 §6.2: US SS UL SL FL FD SV UV, OB OW OL OF OD OV) ----

    /// <summary>Bytes per value of a binary VR, 0 for others.</summary>
    internal static int BinarySize(DicomVR vr) => vr switch
    {
        DicomVR.US or DicomVR.SS or DicomVR.OW => 2,
        DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.OF or DicomVR.OL or DicomVR.AT => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.SV or DicomVR.UV or DicomVR.OV => 8,
        DicomVR.OB or DicomVR.UN => 1,
        _ => 0,
    };

    /// <summary>Reads the binary values as <typeparamref name="T"/> in machine order.</summary>
    public T[] GetValues<T>() where T : unmanaged
    {
        var bytes = Bytes;
        int size = Marshal.SizeOf<T>();
        var result = new T[bytes.Length / size];
        MemoryMarshal.Cast<byte, T>(bytes[..(result.Length * size)]).CopyTo(result);
        if (IsBigEndian != !BitConverter.IsLittleEndian && size > 1)
            ByteSwap.InPlace(MemoryMarshal.AsBytes(result.AsSpan()), size);
        return result;
    }

    /// <summary>
    /// The value at <paramref name="index"/> as a double, for any numeric VR: binary numbers, and the
    /// DS and IS strings.
    /// </summary>
    public double GetDouble(int index = 0)
    {
        switch (VR)
        {
            case DicomVR.DS:
            case DicomVR.IS:
                return double.Parse(GetStrings()[index], NumberStyles.Float, CultureInfo.InvariantCulture);
            case DicomVR.US: return ReadUInt16(index);
            case DicomVR.SS: return (short)ReadUInt16(index);
            case DicomVR.UL: return ReadUInt32(index);
            case DicomVR.SL: return (int)ReadUInt32(index);
            case DicomVR.UV: return ReadUInt64(index);
            case DicomVR.SV: return (long)ReadUInt64(index);
            case DicomVR.FL: return BitConverter.Int32BitsToSingle((int)ReadUInt32(index));
            case DicomVR.FD: return BitConverter.Int64BitsToDouble((long)ReadUInt64(index));
            default: throw new InvalidOperationException($"{Tag} has VR {DicomVRInfo.ToText(VR)}, not a number");
        }
    }

    /// <summary>The value at <paramref name="index"/> as an integer (US, SS, UL, SL, SV, UV, IS).</summary>
    public long GetInt64(int index = 0) => VR switch
    {
        DicomVR.US => ReadUInt16(index),
        DicomVR.SS => (short)ReadUInt16(index),
        DicomVR.UL => ReadUInt32(index),
        DicomVR.SL => (int)ReadUInt32(index),
        DicomVR.SV or DicomVR.UV => (long)ReadUInt64(index),
        DicomVR.IS => long.Parse(GetStrings()[index], NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"{Tag} has VR {DicomVRInfo.ToText(VR)}, not an integer"),
    };

    public ushort ReadUInt16(int index)
    {
        var s = Bytes.Slice(index * 2, 2);
        return IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
    }

    public uint ReadUInt32(int index)
    {
        var s = Bytes.Slice(index * 4, 4);
        return IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
    }

    public ulong ReadUInt64(int index)
    {
        var s = Bytes.Slice(index * 8, 8);
        return IsBigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
    }

    /// <summary>AT values: each a tag encoded as two 16-bit numbers, group first (PS3.5 §6.2).</summary>
    public DicomTag[] GetTags()
    {
        var result = new DicomTag[Value.Length / 4];
        for (int i = 0; i < result.Length; i++)
        {
            var s = Bytes.Slice(i * 4, 4);
            result[i] = IsBigEndian
                ? new DicomTag(BinaryPrimitives.ReadUInt16BigEndian(s), BinaryPrimitives.ReadUInt16BigEndian(s[2..]))
                : new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(s), BinaryPrimitives.ReadUInt16LittleEndian(s[2..]));
        }
        return result;
    }

    // ---- typed values ----

    public DicomPersonName[] GetPersonNames(DicomCharacterSet? characterSet = null)
        => Array.ConvertAll(GetStrings(characterSet), DicomPersonName.Parse);

    public DicomDate?[] GetDates() => Array.ConvertAll(GetStrings(), s => DicomDate.TryParse(s, out var d) ? d : (DicomDate?)null);

    public DicomTime?[] GetTimes() => Array.ConvertAll(GetStrings(), s => DicomTime.TryParse(s, out var t) ? t : (DicomTime?)null);

    public DicomDateTime?[] GetDateTimes() => Array.ConvertAll(GetStrings(), s => DicomDateTime.TryParse(s, out var t) ? t : (DicomDateTime?)null);
}
