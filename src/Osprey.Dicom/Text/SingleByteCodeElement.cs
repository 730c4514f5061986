using System.Buffers;

namespace Osprey.Dicom.Text;

/// <summary>
/// A 96-character set in G1 (PS3.3 Tables C.12-2 and C.12-3): the right-hand part of an ISO 8859 part, or
/// TIS 620-2533 for ISO-IR 166. Bytes 0xA0–0xFF map through a table taken from the matching code page;
/// C1 bytes 0x80–0x9F decode to U+0080–U+009F as the ISO 8859 codecs do. Where the runtime code page
/// departs from the ISO mapping, <c>corrections</c> restore it; Private Use results mean "unassigned".
/// </summary>
internal sealed class SingleByteCodeElement : CodeElement
{
    private const char Undefined = '\uFFFF';

    private readonly int _codePage;
    private readonly (byte Code, char Char)[] _corrections;
    private Tables? _tables;

    public SingleByteCodeElement(string description, string escapeSequence, int codePage, params (byte Code, char Char)[] corrections)
        : base(description, escapeSequence, isG1: true, isMultiByte: false)
    {
        _codePage = codePage;
        _corrections = corrections;
    }

    private sealed class Tables(char[] upper, Dictionary<char, byte> reverse)
    {
        public readonly char[] Upper = upper;
        public readonly Dictionary<char, byte> Reverse = reverse;
    }

    private Tables Get() => _tables ?? Build();

    private Tables Build()
    {
        var encoding = CodePages.Get(_codePage);
        var upper = new char[128];
        Span<byte> one = stackalloc byte[1];
        Span<char> chars = stackalloc char[4];
        for (int b = 0x80; b <= 0xFF; b++)
        {
            if (b < 0xA0)
            {
                upper[b - 0x80] = (char)b;
                continue;
            }
            one[0] = (byte)b;
            int n = encoding.GetChars(one, chars);
            char c = n == 1 ? chars[0] : Undefined;
            upper[b - 0x80] = c == '\uFFFD' || CodePages.IsPrivateUse(c) ? Undefined : c;
        }
        foreach (var (code, ch) in _corrections) upper[code - 0x80] = ch;
        var reverse = new Dictionary<char, byte>(96);
        for (int b = 0xA0; b <= 0xFF; b++)
        {
            if (upper[b - 0x80] != Undefined) reverse.TryAdd(upper[b - 0x80], (byte)b);
        }
        var tables = new Tables(upper, reverse);
        Interlocked.CompareExchange(ref _tables, tables, null);
        return _tables!;
    }

    /// <summary>
    /// Decodes a whole value of a set without code extensions (Table C.12-2), where nothing can change the
    /// designations: a straight table lookup. Returns the text and the number of unassigned bytes.
    /// </summary>
    public string DecodeValue(ReadOnlySpan<byte> value, out int undefined)
    {
        var upper = Get().Upper;
        char[]? rented = null;
        Span<char> chars = value.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(value.Length));
        undefined = 0;
        for (int i = 0; i < value.Length; i++)
        {
            byte b = value[i];
            char c = b < 0x80 ? (char)b : upper[b - 0x80];
            if (c == Undefined)
            {
                c = '\uFFFD';
                undefined++;
            }
            chars[i] = c;
        }
        string text = new(chars[..value.Length]);
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        return text;
    }

    /// <summary>Encodes a whole value of a set without code extensions; characters it lacks become '?'.</summary>
    public byte[] EncodeValue(string text, out int unencodable)
    {
        var bytes = new byte[text.Length];
        Span<byte> one = stackalloc byte[2];
        int n = 0;
        unencodable = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80) bytes[n++] = (byte)c;
            else if (Encode(c, one) == 1) bytes[n++] = one[0];
            else
            {
                bytes[n++] = (byte)'?';
                unencodable++;
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            }
        }
        return n == bytes.Length ? bytes : bytes[..n];
    }

    public override int Decode(ReadOnlySpan<byte> bytes, int index, out int codePoint)
    {
        byte b = bytes[index];
        char c = b >= 0x80 ? Get().Upper[b - 0x80] : Undefined;
        codePoint = c == Undefined ? -1 : c;
        return 1;
    }

    public override int Encode(char c, Span<byte> destination)
    {
        if (c is >= '\u0080' and < '\u00A0')
        {
            // C1 control, decoded as itself above.
            destination[0] = (byte)c;
            return 1;
        }
        if (c < '\u00A0' || !Get().Reverse.TryGetValue(c, out byte b)) return 0;
        destination[0] = b;
        return 1;
    }
}
