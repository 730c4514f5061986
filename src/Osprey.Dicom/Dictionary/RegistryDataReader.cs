using System.Text;

namespace Osprey.Dicom.Dictionary;

/// <summary>
/// Reads the generated registry data: UTF-8 lines of '|'-separated fields (see DicomDictionaryData and
/// DicomUidData). Tolerates "\r\n" line ends, in case a checkout converts them.
/// </summary>
internal ref struct RegistryDataReader
{
    private ReadOnlySpan<byte> _rest;

    public RegistryDataReader(ReadOnlySpan<byte> data) => _rest = data;

    /// <summary>The next non-empty line, without its line end.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (!_rest.IsEmpty)
        {
            int end = _rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                line = _rest;
                _rest = default;
            }
            else
            {
                line = _rest[..end];
                _rest = _rest[(end + 1)..];
            }
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            if (!line.IsEmpty) return true;
        }
        line = default;
        return false;
    }

    /// <summary>Takes the field before the next '|' (or the rest of the line) off <paramref name="line"/>.</summary>
    public static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> line)
    {
        int bar = line.IndexOf((byte)'|');
        ReadOnlySpan<byte> field;
        if (bar < 0)
        {
            field = line;
            line = default;
        }
        else
        {
            field = line[..bar];
            line = line[(bar + 1)..];
        }
        return field;
    }

    public static string ToText(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? "" : Encoding.UTF8.GetString(utf8);

    public static InvalidOperationException Corrupt(string what, ReadOnlySpan<byte> line) =>
        new($"The generated {what} is malformed near \"{ToText(line)}\" (were its line ends changed to CRLF?); regenerate it with tools/Osprey.DictionaryGen.");
}
