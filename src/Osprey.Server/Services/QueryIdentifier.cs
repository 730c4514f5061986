using System.Buffers;
using Osprey.Archive.Query;
using Osprey.Dicom.Data;
using Osprey.Dicom.IO;
using Osprey.Network.Services;

namespace Osprey.Server.Services;

/// <summary>
/// The Identifier of a C-FIND, C-MOVE or C-GET request (PS3.4 C.4.1.1.3.1, C.4.2.1.4.1, C.4.3.1.3.1)
/// read from the request's data set, and identifiers of responses encoded for the presentation context.
/// </summary>
internal static class QueryIdentifier
{
    /// <summary>An identifier is a few keys; anything past this is not a query.</summary>
    private const int MaxLength = 1 << 20;

    /// <summary>
    /// Reads and parses the request's identifier against the model of its SOP class.
    /// Throws <see cref="QueryException"/> with the status to answer when it cannot be used.
    /// </summary>
    public static async Task<DicomQuery> ReadAsync(DimseRequest request, QueryExtendedNegotiation negotiation, CancellationToken cancellationToken)
    {
        if (!QueryInformationModels.TryFromSopClass(request.AbstractSyntax, out var model))
            throw new QueryException(QueryStatus.IdentifierDoesNotMatchSopClass, "Not a Query/Retrieve SOP Class");
        if (request.DataSet is not { } pipe) throw new QueryException(QueryStatus.UnableToProcess, "Request has no Identifier");

        byte[] bytes;
        while (true)
        {
            var read = await pipe.ReadAsync(cancellationToken);
            if (read.Buffer.Length > MaxLength) throw new QueryException(QueryStatus.UnableToProcess, $"Identifier longer than {MaxLength} bytes");
            if (read.IsCompleted)
            {
                bytes = read.Buffer.ToArray();
                pipe.AdvanceTo(read.Buffer.End);
                break;
            }
            pipe.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        DicomDataset identifier;
        try
        {
            identifier = DicomDatasetDecoder.Decode(bytes, DicomTransferSyntax.FromUid(request.TransferSyntax));
        }
        catch (DicomParseException e)
        {
            throw new QueryException(QueryStatus.UnableToProcess, Shorten($"Cannot parse Identifier at byte {e.Offset}"));
        }
        return DicomQuery.Parse(identifier, model, negotiation);
    }

    /// <summary>A response identifier in the transfer syntax of the request's presentation context.</summary>
    public static byte[] Encode(DicomDataset identifier, string transferSyntaxUid)
    {
        using var buffer = new MemoryStream();
        DicomDatasetWriter.Write(identifier, buffer, DicomTransferSyntax.FromUid(transferSyntaxUid));
        return buffer.ToArray();
    }

    /// <summary>Error Comment (0000,0902) holds at most 64 characters (PS3.7 C.4.1.1.5).</summary>
    public static string Shorten(string comment) => comment.Length <= QueryException.MaxErrorCommentLength ? comment : comment[..(QueryException.MaxErrorCommentLength - 3)] + "...";
}
