using Osprey.Dicom.Data;

namespace Osprey.Archive.Query;

/// <summary>
/// A query identifier that cannot be processed, with the status of PS3.4 C.4.1.1.4 to answer it with
/// (<see cref="QueryStatus"/>) and the Error Comment (0000,0902) for the response: at most 64 characters
/// (LO), saying what to change. <see cref="OffendingElement"/> is the Offending Element (0000,0901), when one.
/// </summary>
public sealed class QueryException : Exception
{
    /// <summary>The longest Error Comment: (0000,0902) is LO, 64 characters (PS3.5 Table 6.2-1).</summary>
    public const int MaxErrorCommentLength = 64;

    public QueryException(ushort status, string errorComment, DicomTag? offendingElement = null)
        : base(errorComment)
    {
        Status = status;
        ErrorComment = errorComment.Length <= MaxErrorCommentLength ? errorComment : errorComment[..MaxErrorCommentLength];
        OffendingElement = offendingElement;
    }

    /// <summary>The failure status (A900 or Cxxx).</summary>
    public ushort Status { get; }

    /// <summary>The Error Comment, at most 64 characters.</summary>
    public string ErrorComment { get; }

    /// <summary>The element at fault, for Offending Element (0000,0901).</summary>
    public DicomTag? OffendingElement { get; }
}
