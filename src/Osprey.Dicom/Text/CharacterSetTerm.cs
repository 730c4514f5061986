using System.Collections.Frozen;

namespace Osprey.Dicom.Text;

/// <summary>How a Defined Term of Specific Character Set (0008,0005) encodes text (PS3.3 C.12.1.1.2).</summary>
internal enum CharacterSetTermKind
{
    /// <summary>The default repertoire ISO-IR 6 ("ISO_IR 6", widely written though the standard leaves the value empty).</summary>
    Default,

    /// <summary>Single-byte set without code extensions (Table C.12-2): one value only, no escape sequences.</summary>
    NoExtensions,

    /// <summary>Set with ISO 2022 code extensions (Tables C.12-3 and C.12-4).</summary>
    CodeExtensions,

    /// <summary>Multi-byte set without code extensions (Table C.12-5): UTF-8, GB18030, GBK; never combined with others.</summary>
    Standalone,
}

/// <summary>
/// One Defined Term of Specific Character Set (PS3.3 C.12.1.1.2, Tables C.12-2 to C.12-5) with the code
/// elements it designates: for a single-byte set, G0 is the default repertoire (or JIS X 0201 Romaji for
/// ISO-IR 13) and G1 the set's right-hand part; for a multi-byte set with code extensions, G0 (JIS X 0208,
/// JIS X 0212) or G1 (KS X 1001, GB 2312).
/// </summary>
internal sealed class CharacterSetTerm
{
    private CharacterSetTerm(string name, CharacterSetTermKind kind, CodeElement? g0, CodeElement? g1, MultiByteCodec? codec = null)
    {
        Name = name;
        Kind = kind;
        G0 = g0;
        G1 = g1;
        Codec = codec;
    }

    /// <summary>The Defined Term as the standard spells it.</summary>
    public string Name { get; }

    public CharacterSetTermKind Kind { get; }

    /// <summary>The element this term designates to G0, if any.</summary>
    public CodeElement? G0 { get; }

    /// <summary>The element this term designates to G1, if any.</summary>
    public CodeElement? G1 { get; }

    /// <summary>The codec of a <see cref="CharacterSetTermKind.Standalone"/> term.</summary>
    public MultiByteCodec? Codec { get; }

    /// <summary>The "ISO 2022 IR n" term for an "ISO_IR n" term (and the reverse); null if there is none.</summary>
    public CharacterSetTerm? Counterpart =>
        Name.StartsWith("ISO_IR ", StringComparison.Ordinal) ? Find("ISO 2022 IR " + Name[7..])
        : Name.StartsWith("ISO 2022 IR ", StringComparison.Ordinal) ? Find("ISO_IR " + Name[12..])
        : null;

    public override string ToString() => Name;

    private static readonly FrozenDictionary<string, CharacterSetTerm> ByName = Build().ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The term spelled exactly <paramref name="name"/>, or null.</summary>
    public static CharacterSetTerm? Find(string name) => ByName.GetValueOrDefault(name);

    private static IEnumerable<CharacterSetTerm> Build()
    {
        var e = CodeElements.Ascii;
        yield return new("ISO_IR 6", CharacterSetTermKind.Default, e, null);
        yield return new("ISO 2022 IR 6", CharacterSetTermKind.CodeExtensions, e, null);
        (string Number, CodeElement G1)[] singleByte =
        [
            ("100", CodeElements.Latin1), ("101", CodeElements.Latin2), ("109", CodeElements.Latin3),
            ("110", CodeElements.Latin4), ("144", CodeElements.Cyrillic), ("127", CodeElements.Arabic),
            ("126", CodeElements.Greek), ("138", CodeElements.Hebrew), ("148", CodeElements.Latin5),
            ("203", CodeElements.Latin9), ("166", CodeElements.Thai),
        ];
        foreach (var (number, g1) in singleByte)
        {
            yield return new("ISO_IR " + number, CharacterSetTermKind.NoExtensions, e, g1);
            yield return new("ISO 2022 IR " + number, CharacterSetTermKind.CodeExtensions, e, g1);
        }
        yield return new("ISO_IR 13", CharacterSetTermKind.NoExtensions, CodeElements.JisRoman, CodeElements.Katakana);
        yield return new("ISO 2022 IR 13", CharacterSetTermKind.CodeExtensions, CodeElements.JisRoman, CodeElements.Katakana);
        yield return new("ISO 2022 IR 87", CharacterSetTermKind.CodeExtensions, CodeElements.JisX0208, null);
        yield return new("ISO 2022 IR 159", CharacterSetTermKind.CodeExtensions, CodeElements.JisX0212, null);
        yield return new("ISO 2022 IR 149", CharacterSetTermKind.CodeExtensions, null, CodeElements.KsX1001);
        yield return new("ISO 2022 IR 58", CharacterSetTermKind.CodeExtensions, null, CodeElements.Gb2312);
        yield return new("ISO_IR 192", CharacterSetTermKind.Standalone, null, null, MultiByteCodec.Utf8);
        yield return new("GB18030", CharacterSetTermKind.Standalone, null, null, MultiByteCodec.Gb18030);
        yield return new("GBK", CharacterSetTermKind.Standalone, null, null, MultiByteCodec.Gbk);
    }
}
