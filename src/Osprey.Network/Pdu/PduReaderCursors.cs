using System.Buffers.Binary;

namespace Osprey.Network.Pdu;

/// <summary>Bounded cursors over a PDU's bytes: items and sub-items (PS3.8 §9.3.1), and fixed fields.</summary>
public static partial class PduReader
{
    /// <summary>Walks a sequence of items, each an item-type byte, a reserved byte and a 16-bit big-endian item-length.</summary>
    private ref struct ItemCursor
    {
        private readonly ReadOnlySpan<byte> _span;
        private readonly int _offset;
        private readonly string _where;
        private int _pos;

        /// <param name="span">the items</param>
        /// <param name="offset">where <paramref name="span"/> starts in the PDU body, for messages</param>
        /// <param name="where">what holds the items, for messages</param>
        public ItemCursor(ReadOnlySpan<byte> span, int offset, string where)
        {
            _span = span;
            _offset = offset;
            _where = where;
        }

        /// <summary>The next item's type and value (the bytes after its length field) and where it starts in the body.</summary>
        public bool Next(out byte type, out ReadOnlySpan<byte> value, out int at)
        {
            at = _offset + _pos;
            if (_pos == _span.Length)
            {
                type = 0;
                value = default;
                return false;
            }
            int remaining = _span.Length - _pos;
            if (remaining < 4)
                throw Invalid($"{_where}: {remaining} byte(s) at body offset {at} are too few for an item header");
            type = _span[_pos];
            int length = BinaryPrimitives.ReadUInt16BigEndian(_span[(_pos + 2)..]);
            if (length > remaining - 4)
                throw Invalid($"{_where}: item {type:X2}H at body offset {at} has length {length}, but only {remaining - 4} byte(s) follow");
            value = _span.Slice(_pos + 4, length);
            _pos += 4 + length;
            return true;
        }
    }

    /// <summary>Reads the fields of one sub-item, refusing any that runs past its end.</summary>
    private ref struct FieldCursor
    {
        private readonly ReadOnlySpan<byte> _span;
        private readonly int _at;
        private readonly string _what;
        private int _pos;

        /// <param name="span">the sub-item's value</param>
        /// <param name="at">where the sub-item starts in the PDU body, for messages</param>
        /// <param name="what">the sub-item, for messages</param>
        public FieldCursor(ReadOnlySpan<byte> span, int at, string what)
        {
            _span = span;
            _at = at;
            _what = what;
        }

        public readonly bool AtEnd => _pos == _span.Length;

        public byte U8() => Take(1)[0];

        public ushort U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2));

        public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

        /// <summary>A 16-bit big-endian length followed by that many bytes.</summary>
        public ReadOnlySpan<byte> LengthPrefixed() => Take(U16());

        public ReadOnlySpan<byte> Rest() => Take(_span.Length - _pos);

        public readonly void End()
        {
            if (_pos != _span.Length)
                throw Invalid($"{_what} at body offset {_at}: {_span.Length - _pos} byte(s) left over after its fields");
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _span.Length - _pos)
                throw Invalid($"{_what} at body offset {_at}: a field of {count} byte(s) runs past the end of the sub-item ({_span.Length - _pos} byte(s) left)");
            ReadOnlySpan<byte> field = _span.Slice(_pos, count);
            _pos += count;
            return field;
        }
    }
}
