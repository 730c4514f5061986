using Osprey.Dicom.Data;

namespace Osprey.Dicom.IO;

/// <summary>How a data set is read.</summary>
public sealed record DicomReaderOptions
{
    public static readonly DicomReaderOptions Default = new();

    /// <summary>
    /// Values longer than this are left on the source as bulk data when reading from a file or a
    /// seekable stream (64 KiB by default). Buffers in memory are never copied, whatever the size.
    /// </summary>
    public long BulkDataThreshold { get; init; } = 64 * 1024;

    /// <summary>Stop before the first top-level element whose tag is this or greater (e.g. Pixel Data for a header read).</summary>
    public DicomTag? StopBeforeTag { get; init; }

    /// <summary>Stop before the first top-level element outside group 0002 (reading File Meta Information).</summary>
    internal bool FileMetaOnly { get; init; }
}
