using System.Buffers;
using Osprey.Dicom.Data;

namespace Osprey.Dicom.Text;

/// <summary>
/// Decodes a value encoded with the single-byte sets and ISO 2022 code extensions of PS3.5 §6.1.2.4–6.1.2.5
/// (examples in PS3.5 Annex H, I and K). It tracks which element is designated to G0 (bytes 0x21–0x7E) and
/// G1 (bytes 0xA0–0xFF), follows escape sequences when the set uses code extensions, and goes back to the
/// initial elements at the delimiters of <see cref="CodeExtensionDelimiters"/>. Bytes above 0x7F while
/// nothing is designated to G1 are read as ISO 8859-1, as pydicom does for the default repertoire.
/// </summary>
internal static class Iso2022Decoder
{
    private const int StackLimit = 256;

    public static string Decode(ReadOnlySpan<byte> value, DicomVR vr, CodeElementSet set, ICollection<string>? warnings)
    {
        if (!set.UsesCodeExtensions && set.InitialG1 is SingleByteCodeElement single)
        {
            // Nothing can switch code elements: a table lookup does.
            string text = single.DecodeValue(value, out int undefined);
            if (undefined > 0) warnings?.Add(CharacterSetMessages.Undecodable(undefined, vr, set.Name));
            return text;
        }
        char[]? rented = null;
        // Every step consumes at least one byte and produces one UTF-16 unit (all these sets are in the BMP).
        Span<char> output = value.Length <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(value.Length));
        try
        {
            int written = 0, undecodable = 0, outside = 0, unknownEscapes = 0;
            List<CodeElement>? undeclared = null;
            CodeElement g0 = set.InitialG0;
            CodeElement? g1 = set.InitialG1;
            int i = 0;
            while (i < value.Length)
            {
                byte b = value[i];
                if (b == CodeExtensionDelimiters.Escape && set.UsesCodeExtensions)
                {
                    int length = EscapeSequence.Parse(value, i, out var element);
                    if (element is null)
                    {
                        // Unknown: keep ESC as a character and read what follows as ordinary bytes.
                        unknownEscapes++;
                        output[written++] = (char)b;
                        i++;
                        continue;
                    }
                    if (!set.Declares(element))
                    {
                        undeclared ??= [];
                        if (!undeclared.Contains(element)) undeclared.Add(element);
                    }
                    if (element.IsG1) g1 = element;
                    else g0 = element;
                    i += length;
                    continue;
                }
                if (b < 0x20)
                {
                    if (b != CodeExtensionDelimiters.Escape)
                    {
                        g0 = set.InitialG0;
                        g1 = set.InitialG1;
                    }
                    output[written++] = (char)b;
                    i++;
                    continue;
                }
                if (b is 0x20 or 0x7F)
                {
                    // SPACE and DELETE are the same whatever 94-character set is in G0.
                    output[written++] = (char)b;
                    i++;
                    continue;
                }
                int codePoint, consumed;
                if (b < 0x80)
                {
                    // In a two-byte G0 set every byte 0x21–0x7E belongs to a character: a conforming encoder
                    // has switched back before any delimiter.
                    if (!g0.IsMultiByte && CodeExtensionDelimiters.IsDelimiter(b, vr))
                    {
                        g0 = set.InitialG0;
                        g1 = set.InitialG1;
                    }
                    consumed = g0.Decode(value, i, out codePoint);
                }
                else if (g1 is null)
                {
                    codePoint = b;
                    consumed = 1;
                    outside++;
                }
                else
                {
                    consumed = g1.Decode(value, i, out codePoint);
                }
                if (codePoint < 0)
                {
                    codePoint = 0xFFFD;
                    undecodable += consumed;
                }
                output[written++] = (char)codePoint;
                i += consumed;
            }

            if (warnings is not null)
            {
                if (undecodable > 0) warnings.Add(CharacterSetMessages.Undecodable(undecodable, vr, set.Name));
                if (outside > 0) warnings.Add(CharacterSetMessages.OutsideRepertoire(outside, vr, set.Name));
                if (unknownEscapes > 0) warnings.Add(CharacterSetMessages.UnknownEscape(unknownEscapes, vr));
                if (undeclared is not null)
                {
                    foreach (var element in undeclared) warnings.Add(CharacterSetMessages.UndeclaredEscape(element, vr, set.Name));
                }
            }
            return new string(output[..written]);
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }
}
