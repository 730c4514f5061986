using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Osprey.Dicom.Data;

namespace Osprey.Dicom.Text;

/// <summary>
/// The character repertoires and encodings that a value of Specific Character Set (0008,0005) selects
/// (PS3.3 C.12.1.1.2; PS3.5 §6.1), decoding and encoding the values of the VRs that follow it (SH, LO, ST,
/// LT, PN, UC, UT; PS3.5 §6.1.2.3). Supports every Defined Term: single-byte sets with and without ISO 2022
/// code extensions, the multi-byte sets with code extensions (JIS X 0208/0212, KS X 1001, GB 2312;
/// PS3.5 Annex H, I, K) and UTF-8, GB18030 and GBK (Annex J). Immutable and thread-safe; instances are cached
/// per distinct value. Values are decoded as they are stored: padding is not removed and multiple values
/// are not split.
/// </summary>
public sealed class DicomCharacterSet
{
    private const int MaxCached = 512;
    private static readonly ConcurrentDictionary<string, DicomCharacterSet> Cache = new(StringComparer.Ordinal);
    private static readonly SearchValues<byte> NonAscii = SearchValues.Create(Range(0x80, 0xFF));
    private static readonly SearchValues<byte> NonAsciiOrEscape = SearchValues.Create([0x1B, .. Range(0x80, 0xFF)]);

    private readonly CodeElementSet? _elements;
    private readonly MultiByteCodec? _codec;

    /// <summary>The default repertoire ISO-IR 6 (no Specific Character Set). Bytes above 0x7F, which it does not contain, are read as ISO 8859-1 like pydicom does.</summary>
    public static DicomCharacterSet Default { get; } = new(SpecificCharacterSetParser.Parse(null));

    private DicomCharacterSet(SpecificCharacterSetParser.Result parsed)
    {
        var terms = parsed.Terms;
        Warnings = parsed.Warnings.ToArray();
        bool defaultOnly = terms.Count == 1 && terms[0] is null;
        DefinedTerms = defaultOnly ? [] : terms.Select(t => t?.Name ?? "").ToArray();
        SpecificCharacterSet = string.Join('\\', DefinedTerms);

        if (terms[0] is { Kind: CharacterSetTermKind.Standalone } standalone)
        {
            _codec = standalone.Codec;
            return;
        }
        var first = terms[0];
        var declared = terms.SelectMany(t => new[] { t?.G0, t?.G1 }).OfType<CodeElement>().Distinct().ToArray();
        _elements = new CodeElementSet(
            SpecificCharacterSet,
            first?.G0 is { IsMultiByte: false } g0 ? g0 : CodeElements.Ascii,
            first?.G1,
            declared,
            terms.Any(t => t?.Kind == CharacterSetTermKind.CodeExtensions));
        IsDefault = _elements.InitialG1 is null && declared.All(e => e is AsciiCodeElement);
    }

    /// <summary>
    /// The character set for a raw (0008,0005) value: Defined Terms separated by backslashes, the first of
    /// which may be empty (default repertoire in G0 with ISO 2022 code extensions). Never throws; unknown or
    /// misspelt terms are repaired or ignored and reported in <see cref="Warnings"/>.
    /// </summary>
    public static DicomCharacterSet FromSpecificCharacterSet(string? value)
    {
        if (value is null || value.AsSpan().Trim(" \0").IsEmpty) return Default;
        if (Cache.TryGetValue(value, out var cached)) return cached;
        var created = new DicomCharacterSet(SpecificCharacterSetParser.Parse(value));
        return Cache.Count < MaxCached ? Cache.GetOrAdd(value, created) : created;
    }

    /// <summary>The normalized value: the Defined Terms used, joined by backslashes; empty for the default repertoire.</summary>
    public string SpecificCharacterSet { get; }

    /// <summary>The Defined Terms used, after repairs; the first may be empty. Empty for the default repertoire.</summary>
    public IReadOnlyList<string> DefinedTerms { get; }

    /// <summary>What was repaired or ignored in the (0008,0005) value.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when only the default repertoire is available ("", "ISO_IR 6", "ISO 2022 IR 6", or unknown terms only).</summary>
    public bool IsDefault { get; }

    /// <summary>True when the value has an ISO 2022 Defined Term, so escape sequences switch code elements.</summary>
    public bool UsesCodeExtensions => _elements?.UsesCodeExtensions ?? false;

    /// <inheritdoc cref="Decode(ReadOnlySpan{byte}, DicomVR, ICollection{string}?)"/>
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr) => Decode(value, vr, null);

    /// <summary>
    /// Decodes one stored value (padding and all). VRs other than SH, LO, ST, LT, PN, UC and UT use the default
    /// repertoire whatever this set is. Never throws: undecodable bytes become U+FFFD, and each kind of
    /// problem adds one message to <paramref name="warnings"/> when given.
    /// </summary>
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr, ICollection<string>? warnings)
    {
        if (value.IsEmpty) return string.Empty;
        if (!DicomVRInfo.UsesSpecificCharacterSet(vr) && !ReferenceEquals(this, Default)) return Default.Decode(value, vr, warnings);
        var special = UsesCodeExtensions ? NonAsciiOrEscape : NonAscii;
        if (value.IndexOfAny(special) < 0) return Encoding.ASCII.GetString(value);
        return _codec is not null
            ? _codec.Decode(value, vr, SpecificCharacterSet, warnings)
            : Iso2022Decoder.Decode(value, vr, _elements!, warnings);
    }

    /// <inheritdoc cref="Encode(string, DicomVR, ICollection{string}?)"/>
    public byte[] Encode(string text, DicomVR vr) => Encode(text, vr, null);

    /// <summary>
    /// Encodes one value (no padding is added). With code extensions, each run of characters goes into a
    /// declared code element, with escape sequences and a return to the initial elements before delimiters and
    /// at the end (PS3.5 §6.1.2.5.3). Characters that no declared set holds become '?' and add one message to
    /// <paramref name="warnings"/> when given.
    /// </summary>
    public byte[] Encode(string text, DicomVR vr, ICollection<string>? warnings)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) return [];
        if (!DicomVRInfo.UsesSpecificCharacterSet(vr) && !ReferenceEquals(this, Default)) return Default.Encode(text, vr, warnings);
        if (Ascii.IsValid(text) && !(UsesCodeExtensions && text.Contains('\u001B'))) return Encoding.ASCII.GetBytes(text);
        return _codec is not null
            ? _codec.Encode(text, vr, SpecificCharacterSet, warnings)
            : Iso2022Encoder.Encode(text, vr, _elements!, warnings);
    }

    public override string ToString() => SpecificCharacterSet.Length == 0 ? "(default repertoire)" : SpecificCharacterSet;

    private static byte[] Range(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => (byte)i).ToArray();
}
