using System.Globalization;

namespace Osprey.Dicom.Data;

/// <summary>
/// A data element tag: an ordered pair of 16-bit group and element numbers (PS3.5 §7.1).
/// Stored as one 32-bit value so that tags sort the way the standard orders elements in a data set.
/// </summary>
public readonly record struct DicomTag(uint Value) : IComparable<DicomTag>
{
    public DicomTag(ushort group, ushort element) : this(((uint)group << 16) | element) { }

    public ushort Group => (ushort)(Value >> 16);
    public ushort Element => (ushort)Value;

    /// <summary>Odd groups other than 0001, 0003, 0005, 0007 and FFFF hold private elements (PS3.5 §7.8).</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0007 && Group != 0xFFFF;

    /// <summary>(gggg,0010-00FF) in a private group reserves a block for a private creator (PS3.5 §7.8.1).</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>A group length element (gggg,0000), retired outside groups 0000 and 0002.</summary>
    public bool IsGroupLength => Element == 0;

    /// <summary>For a private data element (gggg,xxee), the tag of its private creator (gggg,00xx).</summary>
    public DicomTag PrivateCreatorTag => new(Group, (ushort)(Element >> 8));

    public static readonly DicomTag Item = new(0xFFFE, 0xE000);
    public static readonly DicomTag ItemDelimitationItem = new(0xFFFE, 0xE00D);
    public static readonly DicomTag SequenceDelimitationItem = new(0xFFFE, 0xE0DD);

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);
    public static bool operator <(DicomTag a, DicomTag b) => a.Value < b.Value;
    public static bool operator >(DicomTag a, DicomTag b) => a.Value > b.Value;
    public static bool operator <=(DicomTag a, DicomTag b) => a.Value <= b.Value;
    public static bool operator >=(DicomTag a, DicomTag b) => a.Value >= b.Value;

    /// <summary>Formats as <c>(0010,0010)</c>, the way the standard writes tags.</summary>
    public override string ToString() => $"({Group:X4},{Element:X4})";

    /// <summary>The eight hexadecimal digits used as a key in DICOM JSON (PS3.18 §F.2.1.1).</summary>
    public string ToJsonKey() => Value.ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>00100010</c>, <c>0010,0010</c> or <c>(0010,0010)</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DicomTag tag)
    {
        tag = default;
        text = text.Trim();
        if (text.Length >= 2 && text[0] == '(' && text[^1] == ')') text = text[1..^1];
        Span<char> digits = stackalloc char[8];
        int n = 0;
        foreach (var c in text)
        {
            if (c == ',') continue;
            if (n == 8 || !char.IsAsciiHexDigit(c)) return false;
            digits[n++] = c;
        }
        if (n != 8) return false;
        tag = new DicomTag(uint.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        return true;
    }
}
