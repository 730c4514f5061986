namespace Osprey.Dicom.Data;

/// <summary>
/// Where a value that was left unread lies: a byte range of a source that can be opened again
/// (usually the file being parsed). Lets a 2 GB instance be parsed in a few MB: bulk values such as
/// Pixel Data (7FE0,0010) stay on disk until someone copies them (PS3.18 §8.7.3 names the same idea
/// "bulk data").
/// </summary>
public sealed class BulkDataReference(IBulkDataSource source, long offset, long length)
{
    public IBulkDataSource Source { get; } = source;
    public long Offset { get; } = offset;
    public long Length { get; } = length;

    /// <summary>Copies the value to <paramref name="destination"/> in chunks, never holding it whole.</summary>
    public void CopyTo(Stream destination)
    {
        using var stream = Source.Open();
        stream.Seek(Offset, SeekOrigin.Begin);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long left = Length;
            while (left > 0)
            {
                int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n <= 0) throw new EndOfStreamException($"bulk data at offset {Offset} ends {left} bytes early");
                destination.Write(buffer, 0, n);
                left -= n;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the whole value into memory; for values known to be small enough.</summary>
    public byte[] ReadAll()
    {
        if (Length > Array.MaxLength) throw new InvalidOperationException($"value of {Length} bytes is too large for one array");
        var ms = new MemoryStream((int)Length);
        CopyTo(ms);
        return ms.GetBuffer().Length == Length ? ms.GetBuffer() : ms.ToArray();
    }
}

/// <summary>A source of bulk data that can be opened for reading more than once.</summary>
public interface IBulkDataSource
{
    /// <summary>A human-readable name, such as the file path.</summary>
    string Name { get; }

    /// <summary>Opens a new, seekable stream over the source.</summary>
    Stream Open();
}

/// <summary>A file on disk as a bulk data source.</summary>
public sealed class FileBulkDataSource(string path) : IBulkDataSource
{
    public string Name => path;

    public Stream Open() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
}
