using Osprey.Dicom.Data;

namespace Osprey.Dicom.Json;

/// <summary>How binary values are written in DICOM JSON (PS3.18 §F.2.7).</summary>
public sealed record DicomJsonWriterOptions
{
    public static readonly DicomJsonWriterOptions Default = new();

    /// <summary>
    /// Binary values longer than this are written as a BulkDataURI given by <see cref="BulkDataUri"/>
    /// (when it is set); shorter ones, or all when it is not, as InlineBinary (base64).
    /// </summary>
    public long BulkDataThreshold { get; init; } = long.MaxValue;

    /// <summary>Makes the URI of a bulk value from the element (and its path of enclosing tags); null to inline it.</summary>
    public Func<IReadOnlyList<DicomTag>, DicomElement, string?>? BulkDataUri { get; init; }

    /// <summary>Indent the output (for people); off for compact output.</summary>
    public bool Indented { get; init; }
}
