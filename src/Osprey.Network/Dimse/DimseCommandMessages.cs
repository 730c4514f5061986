using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Dicom.IO;

namespace Osprey.Network.Dimse;

/// <summary>
/// The command sets of the DIMSE-C messages Osprey sends, one factory per message (PS3.7 §9.3: C-ECHO,
/// C-STORE, C-FIND, C-GET, C-MOVE, C-CANCEL), each with the fields its table marks mandatory.
/// </summary>
public sealed partial class DimseCommand
{
    /// <summary>A C-ECHO-RQ (PS3.7 §9.3.5.1): Affected SOP Class UID is the Verification SOP Class, no data set.</summary>
    public static DimseCommand CEchoRq(ushort messageId)
        => new(DimseCommandField.CEchoRq) { MessageId = messageId, AffectedSopClassUid = DicomUids.Verification };

    /// <summary>The C-ECHO-RSP to <paramref name="request"/> (PS3.7 §9.3.5.2).</summary>
    public static DimseCommand CEchoRsp(DimseCommand request, ushort status = DimseStatus.Success)
        => Response(request, DimseCommandField.CEchoRsp, status);

    /// <summary>
    /// A C-STORE-RQ (PS3.7 §9.3.1.1), announcing a data set. The move originator fields are given
    /// when the store is a sub-operation of a C-MOVE.
    /// </summary>
    public static DimseCommand CStoreRq(ushort messageId, string sopClassUid, string sopInstanceUid,
        DimsePriority priority = DimsePriority.Medium, string? moveOriginatorAe = null, ushort? moveOriginatorMessageId = null)
        => new(DimseCommandField.CStoreRq)
        {
            MessageId = messageId,
            AffectedSopClassUid = sopClassUid,
            AffectedSopInstanceUid = sopInstanceUid,
            Priority = priority,
            HasDataSet = true,
            MoveOriginatorApplicationEntityTitle = moveOriginatorAe,
            MoveOriginatorMessageId = moveOriginatorMessageId,
        };

    /// <summary>The C-STORE-RSP to <paramref name="request"/> (PS3.7 §9.3.1.2), with an Error Comment when given.</summary>
    public static DimseCommand CStoreRsp(DimseCommand request, ushort status, string? errorComment = null)
    {
        var response = Response(request, DimseCommandField.CStoreRsp, status);
        response.ErrorComment = errorComment;
        return response;
    }

    /// <summary>
    /// A C-FIND-RQ (PS3.7 §9.3.2.1): the Identifier (the query keys, encoded in the context's transfer
    /// syntax) follows as the data set.
    /// </summary>
    public static DimseCommand CFindRq(ushort messageId, string sopClassUid, DimsePriority priority = DimsePriority.Medium)
        => new(DimseCommandField.CFindRq) { MessageId = messageId, AffectedSopClassUid = sopClassUid, Priority = priority, HasDataSet = true };

    /// <summary>
    /// The C-FIND-RSP to <paramref name="request"/> (PS3.7 §9.3.2.2). A pending response carries a
    /// matching Identifier as its data set; the sender marks it (Command Data Set Type) when it sends one.
    /// </summary>
    public static DimseCommand CFindRsp(DimseCommand request, ushort status, string? errorComment = null)
    {
        var response = Response(request, DimseCommandField.CFindRsp, status);
        response.ErrorComment = errorComment;
        return response;
    }

    /// <summary>
    /// A C-GET-RQ (PS3.7 §9.3.3.1): the Identifier saying what to retrieve follows as the data set;
    /// the instances come back as C-STORE sub-operations on the same association (PS3.4 C.4.3.3).
    /// </summary>
    public static DimseCommand CGetRq(ushort messageId, string sopClassUid, DimsePriority priority = DimsePriority.Medium)
        => new(DimseCommandField.CGetRq) { MessageId = messageId, AffectedSopClassUid = sopClassUid, Priority = priority, HasDataSet = true };

    /// <summary>
    /// The C-GET-RSP to <paramref name="request"/> (PS3.7 §9.3.3.2) with the sub-operation counts
    /// (PS3.4 C.4.3.1.3: Remaining in pending responses, the others as the status requires; null leaves one out).
    /// </summary>
    public static DimseCommand CGetRsp(DimseCommand request, ushort status, ushort? remaining, ushort? completed, ushort? failed, ushort? warning)
        => WithSuboperations(Response(request, DimseCommandField.CGetRsp, status), remaining, completed, failed, warning);

    /// <summary>
    /// A C-MOVE-RQ (PS3.7 §9.3.4.1) to <paramref name="moveDestination"/>: the Identifier saying what
    /// to move follows as the data set.
    /// </summary>
    public static DimseCommand CMoveRq(ushort messageId, string sopClassUid, string moveDestination, DimsePriority priority = DimsePriority.Medium)
        => new(DimseCommandField.CMoveRq)
        {
            MessageId = messageId,
            AffectedSopClassUid = sopClassUid,
            Priority = priority,
            MoveDestination = moveDestination,
            HasDataSet = true,
        };

    /// <summary>
    /// The C-MOVE-RSP to <paramref name="request"/> (PS3.7 §9.3.4.2) with the sub-operation counts
    /// (PS3.4 C.4.2.1.6 to C.4.2.1.9; null leaves one out).
    /// </summary>
    public static DimseCommand CMoveRsp(DimseCommand request, ushort status, ushort? remaining, ushort? completed, ushort? failed, ushort? warning)
        => WithSuboperations(Response(request, DimseCommandField.CMoveRsp, status), remaining, completed, failed, warning);

    /// <summary>
    /// A C-CANCEL-RQ (PS3.7 §9.3.2.3, §9.3.3.3, §9.3.4.3) for the C-FIND, C-GET or C-MOVE whose
    /// Message ID is <paramref name="messageIdBeingRespondedTo"/>; it has no data set and is not answered.
    /// </summary>
    public static DimseCommand CCancelRq(ushort messageIdBeingRespondedTo)
        => new(DimseCommandField.CCancelRq) { MessageIdBeingRespondedTo = messageIdBeingRespondedTo };

    private static DimseCommand WithSuboperations(DimseCommand response, ushort? remaining, ushort? completed, ushort? failed, ushort? warning)
    {
        response.NumberOfRemainingSuboperations = remaining;
        response.NumberOfCompletedSuboperations = completed;
        response.NumberOfFailedSuboperations = failed;
        response.NumberOfWarningSuboperations = warning;
        return response;
    }

    /// <summary>
    /// A response to <paramref name="request"/> with no data set: Message ID Being Responded To is
    /// the request's Message ID, and Affected SOP Class and Instance UIDs are those of the request
    /// (its Requested ones for the DIMSE-N requests that carry those), copied byte for byte, as
    /// PS3.7 §9.3 and §10.3 require. <paramref name="responseField"/> must be the request's value
    /// with bit 15 set (PS3.7 Annex E); this holds for a request whose Command Field PS3.7 does not
    /// define too, so that it can be answered with <see cref="DimseStatus.UnrecognizedOperation"/>.
    /// Responses and C-CANCEL-RQ are not answered: they throw <see cref="ArgumentException"/>.
    /// </summary>
    public static DimseCommand Response(DimseCommand request, DimseCommandField responseField, ushort status)
    {
        ArgumentNullException.ThrowIfNull(request);
        var requestField = request.CommandField;
        bool answerable = ((ushort)requestField & 0x8000) == 0 && requestField != DimseCommandField.CCancelRq;
        if (!answerable || (ushort)responseField != ((ushort)requestField | 0x8000))
            throw new ArgumentException($"{responseField.ToText()} is not the response to {requestField.ToText()}", nameof(responseField));
        var messageId = request.MessageId
            ?? throw new ArgumentException($"the {requestField.ToText()} has no Message ID to respond to", nameof(request));
        var response = new DimseCommand(responseField) { MessageIdBeingRespondedTo = messageId, Status = status };
        response.CopyUid(request, DicomTags.AffectedSOPClassUID, DicomTags.RequestedSOPClassUID, DicomTags.AffectedSOPClassUID);
        response.CopyUid(request, DicomTags.AffectedSOPInstanceUID, DicomTags.RequestedSOPInstanceUID, DicomTags.AffectedSOPInstanceUID);
        return response;
    }

    // ---- encoding (PS3.7 §6.3.1) ----
}
