using System.Text;

namespace Osprey.Network.Pdu;

/// <summary>
/// The character fields of the PDUs: AE titles (16 bytes, space padded, PS3.8 §9.3.2) and the UIDs and names
/// of items (unpadded). Bytes map to characters one to one (ISO 8859-1), so whatever a peer sent can be sent back.
/// </summary>
internal static class PduText
{
    public const int AeTitleLength = 16;

    /// <summary>An AE title field, without its leading and trailing spaces (and NULs, which some peers pad with).</summary>
    public static string ReadAeTitle(ReadOnlySpan<byte> field) => Encoding.Latin1.GetString(field.Trim(" \0"u8));

    /// <summary>A UID or name of an item, without trailing NULs or spaces (a UID may be padded to even length).</summary>
    public static string ReadItemText(ReadOnlySpan<byte> value) => Encoding.Latin1.GetString(value.TrimEnd(" \0"u8));

    /// <summary>Writes <paramref name="title"/> into the 16-byte <paramref name="field"/>, padded with spaces.</summary>
    public static void WriteAeTitle(string title, Span<byte> field, string what)
    {
        if (title.Length > AeTitleLength)
            throw new ArgumentException($"{what} '{title}' is longer than {AeTitleLength} characters");
        CheckBytes(title, what);
        field.Fill((byte)' ');
        Encoding.Latin1.GetBytes(title, field);
    }

    /// <summary>The number of bytes of an item's text (one per character), after checking every character fits in a byte.</summary>
    public static int ByteCount(string text, string what)
    {
        CheckBytes(text, what);
        return text.Length;
    }

    private static void CheckBytes(string text, string what)
    {
        foreach (char c in text)
            if (c > '\u00FF')
                throw new ArgumentException($"{what} '{text}' has the character U+{(int)c:X4}, which has no single-byte encoding");
    }
}
