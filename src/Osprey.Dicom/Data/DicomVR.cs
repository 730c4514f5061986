namespace Osprey.Dicom.Data;

/// <summary>
/// The 34 value representations of PS3.5 §6.2, each encoded as its two ASCII characters
/// (first character in the high byte) so that the two bytes read from an explicit VR header map to
/// the enum value without a lookup. <see cref="None"/> marks an unknown VR.
/// </summary>
public enum DicomVR : ushort
{
    None = 0,
    AE = ('A' << 8) | 'E', AS = ('A' << 8) | 'S', AT = ('A' << 8) | 'T',
    CS = ('C' << 8) | 'S',
    DA = ('D' << 8) | 'A', DS = ('D' << 8) | 'S', DT = ('D' << 8) | 'T',
    FD = ('F' << 8) | 'D', FL = ('F' << 8) | 'L',
    IS = ('I' << 8) | 'S',
    LO = ('L' << 8) | 'O', LT = ('L' << 8) | 'T',
    OB = ('O' << 8) | 'B', OD = ('O' << 8) | 'D', OF = ('O' << 8) | 'F', OL = ('O' << 8) | 'L',
    OV = ('O' << 8) | 'V', OW = ('O' << 8) | 'W',
    PN = ('P' << 8) | 'N',
    SH = ('S' << 8) | 'H', SL = ('S' << 8) | 'L', SQ = ('S' << 8) | 'Q', SS = ('S' << 8) | 'S',
    ST = ('S' << 8) | 'T', SV = ('S' << 8) | 'V',
    TM = ('T' << 8) | 'M',
    UC = ('U' << 8) | 'C', UI = ('U' << 8) | 'I', UL = ('U' << 8) | 'L', UN = ('U' << 8) | 'N',
    UR = ('U' << 8) | 'R', US = ('U' << 8) | 'S', UT = ('U' << 8) | 'T', UV = ('U' << 8) | 'V',
}

/// <summary>Properties of each VR from PS3.5 §6.2 and §7.1.2 that the encoders need.</summary>
public static class DicomVRInfo
{
    /// <summary>All 34 VRs of the current standard.</summary>
    public static readonly DicomVR[] All =
    [
        DicomVR.AE, DicomVR.AS, DicomVR.AT, DicomVR.CS, DicomVR.DA, DicomVR.DS, DicomVR.DT, DicomVR.FD,
        DicomVR.FL, DicomVR.IS, DicomVR.LO, DicomVR.LT, DicomVR.OB, DicomVR.OD, DicomVR.OF, DicomVR.OL,
        DicomVR.OV, DicomVR.OW, DicomVR.PN, DicomVR.SH, DicomVR.SL, DicomVR.SQ, DicomVR.SS, DicomVR.ST,
        DicomVR.SV, DicomVR.TM, DicomVR.UC, DicomVR.UI, DicomVR.UL, DicomVR.UN, DicomVR.UR, DicomVR.US,
        DicomVR.UT, DicomVR.UV,
    ];

    // Flags per pair of upper-case letters (26 x 26), indexed by LetterIndex: the parser asks these
    // questions for every element header, so they are one table load rather than a switch.
    private const byte KnownFlag = 1, LongLengthFlag = 2;
    private static readonly byte[] Flags = BuildFlags();

    private static byte[] BuildFlags()
    {
        var flags = new byte[26 * 26];
        foreach (var vr in All)
            flags[LetterIndex(vr)] = (byte)(KnownFlag | (HasLongLengthSlow(vr) ? LongLengthFlag : 0));
        return flags;
    }

    private static int LetterIndex(DicomVR vr)
    {
        uint a = (uint)((ushort)vr >> 8) - 'A', b = (uint)((ushort)vr & 0xFF) - 'A';
        return a < 26 && b < 26 ? (int)(a * 26 + b) : -1;
    }

    /// <summary>Maps two header bytes to a VR, or <see cref="DicomVR.None"/> when they name none.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static DicomVR FromBytes(byte first, byte second)
    {
        uint a = (uint)first - 'A', b = (uint)second - 'A';
        if (a >= 26 || b >= 26 || Flags[a * 26 + b] == 0) return DicomVR.None;
        return (DicomVR)((first << 8) | second);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out DicomVR vr)
    {
        vr = DicomVR.None;
        if (text.Length != 2 || text[0] > 0x7F || text[1] > 0x7F) return false;
        vr = FromBytes((byte)text[0], (byte)text[1]);
        return vr != DicomVR.None;
    }

    public static bool IsKnown(DicomVR vr)
    {
        int i = LetterIndex(vr);
        return i >= 0 && Flags[i] != 0;
    }

    /// <summary>
    /// In explicit VR encodings these VRs have two reserved bytes and a 32-bit length
    /// (PS3.5 §7.1.2, Table 7.1-1); the others a 16-bit length.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool HasLongLength(DicomVR vr)
    {
        int i = LetterIndex(vr);
        return i >= 0 && (Flags[i] & LongLengthFlag) != 0;
    }

    private static bool HasLongLengthSlow(DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.SQ or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR
        or DicomVR.UT or DicomVR.UV;

    /// <summary>Character string VRs (PS3.5 Table 6.2-1): values are text.</summary>
    public static bool IsString(DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA
        or DicomVR.DS or DicomVR.DT or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH
        or DicomVR.ST or DicomVR.TM or DicomVR.UC or DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>
    /// String VRs whose characters follow Specific Character Set (0008,0005) (PS3.5 §6.1.2.3);
    /// the others use the default repertoire only.
    /// </summary>
    public static bool UsesSpecificCharacterSet(DicomVR vr) => vr is DicomVR.SH or DicomVR.LO or DicomVR.ST
        or DicomVR.LT or DicomVR.PN or DicomVR.UC or DicomVR.UT;

    /// <summary>String VRs that hold a single value: backslash is an ordinary character there (PS3.5 §6.2).</summary>
    public static bool IsSingleValuedString(DicomVR vr) => vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR;

    /// <summary>
    /// Size in bytes of one number of a binary VR, which byte swapping between little and big
    /// endian reverses (PS3.5 §7.3); 1 for byte streams and strings, which are never swapped.
    /// AT is a pair of 16-bit numbers.
    /// </summary>
    public static int SwapUnit(DicomVR vr) => vr switch
    {
        DicomVR.AT or DicomVR.US or DicomVR.SS or DicomVR.OW => 2,
        DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.OF or DicomVR.OL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.SV or DicomVR.UV or DicomVR.OV => 8,
        _ => 1,
    };

    /// <summary>The byte that pads a value to even length: NUL for UI and byte streams, space for text (PS3.5 §6.2).</summary>
    public static byte PaddingByte(DicomVR vr) => vr is DicomVR.UI or DicomVR.OB or DicomVR.UN ? (byte)0 : (byte)' ';

    public static string ToText(DicomVR vr) => vr == DicomVR.None
        ? "??"
        : string.Create(2, vr, static (span, v) => { span[0] = (char)((ushort)v >> 8); span[1] = (char)((ushort)v & 0xFF); });
}
