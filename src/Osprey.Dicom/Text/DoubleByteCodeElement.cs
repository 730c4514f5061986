namespace Osprey.Dicom.Text;

/// <summary>
/// A 94 × 94 multi-byte set of PS3.3 Table C.12-4: JIS X 0208 (ISO-IR 87) and JIS X 0212 (ISO-IR 159) in
/// G0, KS X 1001 (ISO-IR 149) and GB 2312 (ISO-IR 58) in G1. A character is two bytes, each 0x21–0x7E
/// in G0 or 0xA1–0xFE in G1 (PS3.5 Annex H, I and K show both forms).
/// </summary>
internal sealed class DoubleByteCodeElement : CodeElement
{
    private readonly Func<char[]> _buildTable;
    private readonly Func<int, int, bool> _encodable;
    private Tables? _tables;

    /// <param name="buildTable">Builds the 94 × 94 table (row-major, index (row−0x21)·94 + (cell−0x21), U+FFFF unassigned).</param>
    /// <param name="encodable">Which (row, cell) codes the encoder may produce; others are decoded only.</param>
    public DoubleByteCodeElement(string description, string escapeSequence, bool isG1, Func<char[]> buildTable, Func<int, int, bool>? encodable = null)
        : base(description, escapeSequence, isG1, isMultiByte: true)
    {
        _buildTable = buildTable;
        _encodable = encodable ?? (static (_, _) => true);
    }

    private sealed class Tables(char[] table, Dictionary<char, ushort> reverse)
    {
        public readonly char[] Table = table;
        public readonly Dictionary<char, ushort> Reverse = reverse;
    }

    private Tables Get() => _tables ?? Build();

    private Tables Build()
    {
        var table = _buildTable();
        var reverse = new Dictionary<char, ushort>(8000);
        for (int i = 0; i < table.Length; i++)
        {
            int row = 0x21 + i / 94, cell = 0x21 + i % 94;
            if (table[i] != DoubleByteTables.Undefined && _encodable(row, cell)) reverse.TryAdd(table[i], (ushort)((row << 8) | cell));
        }
        Interlocked.CompareExchange(ref _tables, new Tables(table, reverse), null);
        return _tables!;
    }

    /// <summary>The character at (row, cell), both 0x21–0x7E, or -1 when unassigned.</summary>
    public int Lookup(int row, int cell)
    {
        char c = Get().Table[(row - 0x21) * 94 + (cell - 0x21)];
        return c == DoubleByteTables.Undefined ? -1 : c;
    }

    public override int Decode(ReadOnlySpan<byte> bytes, int index, out int codePoint)
    {
        int mask = IsG1 ? 0x80 : 0;
        int first = bytes[index] ^ mask;
        codePoint = -1;
        if (first is < 0x21 or > 0x7E) return 1;
        if (index + 1 >= bytes.Length) return 1;
        int second = bytes[index + 1] ^ mask;
        if (second is < 0x21 or > 0x7E) return 1;
        codePoint = Lookup(first, second);
        return 2;
    }

    public override int Encode(char c, Span<byte> destination)
    {
        if (c < '\u0080' || !Get().Reverse.TryGetValue(c, out ushort code)) return 0;
        int mask = IsG1 ? 0x80 : 0;
        destination[0] = (byte)((code >> 8) | mask);
        destination[1] = (byte)((code & 0xFF) | mask);
        return 2;
    }
}
