using System.Buffers;
using System.Text;
using Osprey.Dicom.Data;

namespace Osprey.Dicom.Text;

/// <summary>
/// The multi-byte character sets without code extensions of PS3.3 Table C.12-5: ISO_IR 192 (UTF-8),
/// GB18030 and GBK (PS3.5 §6.1.2.5.4 and Annex J). They cannot be combined with other sets and do not use
/// escape sequences, so a value is decoded or encoded in one piece by the runtime codec.
/// </summary>
internal sealed class MultiByteCodec
{
    /// <summary>ISO_IR 192: UTF-8 (Unicode, ISO/IEC 10646).</summary>
    public static readonly MultiByteCodec Utf8 = new(65001, rejectPrivateUse: false);

    /// <summary>GB18030, code page 54936.</summary>
    public static readonly MultiByteCodec Gb18030 = new(54936, rejectPrivateUse: false);

    /// <summary>
    /// GBK, code page 936. Its user-defined areas, which the code page maps to the Private Use Area, are
    /// treated as unassigned as pydicom's GBK codec does.
    /// </summary>
    public static readonly MultiByteCodec Gbk = new(936, rejectPrivateUse: true);

    private readonly int _codePage;
    private readonly bool _rejectPrivateUse;
    private Encoding? _strict;
    private Encoding? _lenient;

    private MultiByteCodec(int codePage, bool rejectPrivateUse)
    {
        _codePage = codePage;
        _rejectPrivateUse = rejectPrivateUse;
    }

    /// <summary>Exception fallback both ways.</summary>
    private Encoding Strict => _strict ??= _codePage == 65001
        ? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
        : CodePages.GetStrict(_codePage);

    /// <summary>U+FFFD for undecodable bytes.</summary>
    private Encoding Lenient => _lenient ??= _codePage == 65001 ? new UTF8Encoding(false, false) : CodePages.Get(_codePage);

    /// <summary>Decodes a whole value; invalid bytes become U+FFFD and add one warning.</summary>
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr, string characterSet, ICollection<string>? warnings)
    {
        string text;
        bool replaced = false;
        if (_codePage == 65001)
        {
            replaced = !System.Text.Unicode.Utf8.IsValid(value);
            text = Lenient.GetString(value);
        }
        else
        {
            try
            {
                text = Strict.GetString(value);
            }
            catch (DecoderFallbackException)
            {
                replaced = true;
                text = Lenient.GetString(value);
            }
        }
        if (_rejectPrivateUse && text.AsSpan().IndexOfAnyInRange('\uE000', '\uF8FF') >= 0)
        {
            replaced = true;
            text = string.Create(text.Length, text, static (span, source) =>
            {
                for (int i = 0; i < span.Length; i++) span[i] = CodePages.IsPrivateUse(source[i]) ? '\uFFFD' : source[i];
            });
        }
        if (replaced)
        {
            warnings?.Add(CharacterSetMessages.InvalidBytes(vr, characterSet));
        }
        return text;
    }

    /// <summary>Encodes a whole value; characters the set lacks become '?' and add one warning.</summary>
    public byte[] Encode(string text, DicomVR vr, string characterSet, ICollection<string>? warnings)
    {
        if (!(_rejectPrivateUse && text.AsSpan().IndexOfAnyInRange('\uE000', '\uF8FF') >= 0))
        {
            try
            {
                return Strict.GetBytes(text);
            }
            catch (EncoderFallbackException)
            {
            }
        }
        // Slow path, only for text with characters the set cannot hold: one rune at a time.
        var output = new ArrayBufferWriter<byte>(text.Length * 2);
        int unencodable = 0;
        Span<char> pair = stackalloc char[2];
        for (int i = 0; i < text.Length; i++)
        {
            int length = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var chars = text.AsSpan(i, length);
            bool ok = !char.IsSurrogate(text[i]) || length == 2;
            if (ok && _rejectPrivateUse && CodePages.IsPrivateUse(text[i])) ok = false;
            if (ok)
            {
                try
                {
                    int count = Strict.GetByteCount(chars);
                    Strict.GetBytes(chars, output.GetSpan(count));
                    output.Advance(count);
                }
                catch (EncoderFallbackException)
                {
                    ok = false;
                }
            }
            if (!ok)
            {
                output.GetSpan(1)[0] = (byte)'?';
                output.Advance(1);
                unencodable++;
            }
            i += length - 1;
        }
        warnings?.Add(CharacterSetMessages.Unencodable(unencodable, vr, characterSet));
        return output.WrittenSpan.ToArray();
    }
}
