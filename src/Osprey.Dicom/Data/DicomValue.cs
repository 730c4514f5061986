namespace Osprey.Dicom.Data;

/// <summary>
/// The bytes of a value field, either in memory (often a slice of the buffer that was parsed, so
/// nothing is copied) or left on the source as a <see cref="BulkDataReference"/>.
/// </summary>
public readonly struct DicomValue
{
    private readonly ReadOnlyMemory<byte> _memory;

    public DicomValue(ReadOnlyMemory<byte> memory) { _memory = memory; Bulk = null; }

    public DicomValue(BulkDataReference bulk) { _memory = default; Bulk = bulk; }

    public static DicomValue Empty => default;

    /// <summary>Set when the value was not read into memory.</summary>
    public BulkDataReference? Bulk { get; }

    public bool IsInMemory => Bulk == null;

    public long Length => Bulk?.Length ?? _memory.Length;

    /// <summary>The bytes in memory; throws for a bulk value, which must be read with <see cref="ToArray"/> or copied.</summary>
    public ReadOnlyMemory<byte> Memory => Bulk == null
        ? _memory
        : throw new InvalidOperationException("the value is bulk data left on its source; copy it or call ToArray()");

    public byte[] ToArray() => Bulk?.ReadAll() ?? _memory.ToArray();

    /// <summary>Writes the bytes to a stream, reading bulk data from its source in chunks.</summary>
    public void CopyTo(Stream destination)
    {
        if (Bulk != null) Bulk.CopyTo(destination);
        else destination.Write(_memory.Span);
    }
}
