namespace Osprey.Dicom.Text;

/// <summary>
/// One graphic character set that ISO/IEC 2022 designates to the G0 or G1 code element (PS3.5 §6.1.2.5;
/// PS3.3 Tables C.12-3 and C.12-4 list each with its escape sequence). G0 is invoked in GL (bytes
/// 0x21–0x7E), G1 in GR (bytes 0xA0–0xFF); multi-byte sets use two bytes of the same half per character.
/// </summary>
internal abstract class CodeElement
{
    protected CodeElement(string description, string escapeSequence, bool isG1, bool isMultiByte)
    {
        Description = description;
        EscapeSequence = escapeSequence.Select(static c => (byte)c).ToArray();
        IsG1 = isG1;
        IsMultiByte = isMultiByte;
    }

    /// <summary>ISO-IR registration and name, for warnings.</summary>
    public string Description { get; }

    /// <summary>The escape sequence that designates this set (starting with ESC 0x1B).</summary>
    public byte[] EscapeSequence { get; }

    /// <summary>True for sets designated to G1 (invoked in GR), false for G0 (invoked in GL).</summary>
    public bool IsG1 { get; }

    /// <summary>True when a character takes two bytes.</summary>
    public bool IsMultiByte { get; }

    /// <summary>
    /// Decodes the character starting at <paramref name="index"/>. For a G0 set the byte there is
    /// 0x21–0x7E, for a G1 set it is 0x80 or above. Returns the number of bytes consumed (at least one);
    /// <paramref name="codePoint"/> is -1 when the bytes do not form a character of the set.
    /// </summary>
    public abstract int Decode(ReadOnlySpan<byte> bytes, int index, out int codePoint);

    /// <summary>
    /// Encodes <paramref name="c"/> as invoked bytes (7-bit for G0, high bit set for G1) into
    /// <paramref name="destination"/> (at least two bytes long); returns the byte count, or 0 when the set
    /// cannot represent the character.
    /// </summary>
    public abstract int Encode(char c, Span<byte> destination);

    public override string ToString() => Description;
}
