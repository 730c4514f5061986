namespace Osprey.Dicom.IO;

/// <summary>
/// The start of a DICOM file (PS3.10 §7.1): a 128-byte preamble and "DICM", or (as some writers
/// leave it) "DICM" alone, or neither — a bare data set, which has meta information only when it
/// starts with group 0002.
/// </summary>
internal static class Part10Prefix
{
    /// <summary>
    /// Reads the prefix, leaving <paramref name="source"/> at the meta information or the data set,
    /// and tells whether meta information follows; <paramref name="preamble"/> gets the 128 bytes when there are some.
    /// </summary>
    /// <exception cref="DicomParseException">Fewer than 8 bytes and no "DICM": not a DICOM file.</exception>
    public static bool Skip(ByteSource source, out byte[]? preamble)
    {
        Span<byte> head = stackalloc byte[132];
        int got = source.Peek(head);
        preamble = null;
        if (got == 132 && head[128..132].SequenceEqual("DICM"u8))
        {
            preamble = head[..128].ToArray();
            source.Advance(132);
            return true;
        }
        if (got >= 4 && head[..4].SequenceEqual("DICM"u8))
        {
            source.Advance(4);
            return true;
        }
        bool hasMeta = got >= 8 && head[0] == 0x02 && head[1] == 0x00;
        if (got < 8 && !hasMeta) throw new DicomParseException($"{got} bytes are too few to be a DICOM file", 0);
        return hasMeta;
    }
}
