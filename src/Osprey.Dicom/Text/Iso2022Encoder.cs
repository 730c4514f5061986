using System.Buffers;
using Osprey.Dicom.Data;

namespace Osprey.Dicom.Text;

/// <summary>
/// Encodes text with the single-byte sets and ISO 2022 code extensions of PS3.5 §6.1.2.4–6.1.2.5. For each
/// character it keeps the element currently designated when that one can represent it, else takes the
/// first declared element that can (value 1's first, then the others in order) and emits its escape
/// sequence. Before every delimiter of <see cref="CodeExtensionDelimiters"/> and at the end of the value it
/// designates the initial elements again (PS3.5 §6.1.2.5.3), which gives the byte sequences of
/// PS3.5 Annex H and I. Without code extensions only the initial elements are used.
/// </summary>
internal static class Iso2022Encoder
{
    public static byte[] Encode(string text, DicomVR vr, CodeElementSet set, ICollection<string>? warnings)
    {
        if (!set.UsesCodeExtensions && set.InitialG1 is SingleByteCodeElement single)
        {
            byte[] encoded = single.EncodeValue(text, out int missing);
            if (missing > 0) warnings?.Add(CharacterSetMessages.Unencodable(missing, vr, set.Name));
            return encoded;
        }
        var output = new ArrayBufferWriter<byte>(text.Length * 2 + 8);
        CodeElement g0 = set.InitialG0;
        CodeElement? g1 = set.InitialG1;
        int unencodable = 0;
        Span<byte> bytes = stackalloc byte[2];

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 0x80)
            {
                if (c == CodeExtensionDelimiters.Escape && set.UsesCodeExtensions)
                {
                    // A bare ESC would be read as the start of an escape sequence.
                    unencodable++;
                    c = '?';
                }
                else if (CodeExtensionDelimiters.IsDelimiter(c, vr))
                {
                    Restore(output, set, ref g0, ref g1);
                    Put(output, (byte)c);
                    continue;
                }
                if (g0.IsMultiByte) Designate(output, set.InitialG0, ref g0, ref g1);
                Put(output, (byte)c);
                continue;
            }

            CodeElement? chosen = null;
            int count = 0;
            if (g1 is not null && (count = g1.Encode(c, bytes)) > 0) chosen = g1;
            else if (g0.IsMultiByte && (count = g0.Encode(c, bytes)) > 0) chosen = g0;
            else if (set.InitialG1 is { } initial && (count = initial.Encode(c, bytes)) > 0) chosen = initial;
            else if (set.UsesCodeExtensions)
            {
                foreach (var element in set.Declared)
                {
                    if ((count = element.Encode(c, bytes)) > 0)
                    {
                        chosen = element;
                        break;
                    }
                }
            }

            if (chosen is null)
            {
                unencodable++;
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                if (g0.IsMultiByte) Designate(output, set.InitialG0, ref g0, ref g1);
                Put(output, (byte)'?');
                continue;
            }
            if (chosen != (chosen.IsG1 ? g1 : g0)) Designate(output, chosen, ref g0, ref g1);
            output.Write(bytes[..count]);
        }
        Restore(output, set, ref g0, ref g1);

        if (unencodable > 0) warnings?.Add(CharacterSetMessages.Unencodable(unencodable, vr, set.Name));
        return output.WrittenSpan.ToArray();
    }

    private static void Put(ArrayBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    private static void Designate(ArrayBufferWriter<byte> output, CodeElement element, ref CodeElement g0, ref CodeElement? g1)
    {
        output.Write(element.EscapeSequence);
        if (element.IsG1) g1 = element;
        else g0 = element;
    }

    /// <summary>Makes value 1's elements active again. G1 cannot be emptied by an escape sequence; the reset is implied.</summary>
    private static void Restore(ArrayBufferWriter<byte> output, CodeElementSet set, ref CodeElement g0, ref CodeElement? g1)
    {
        if (g0 != set.InitialG0) Designate(output, set.InitialG0, ref g0, ref g1);
        if (g1 != set.InitialG1)
        {
            if (set.InitialG1 is { } initial) Designate(output, initial, ref g0, ref g1);
            else g1 = null;
        }
    }
}
