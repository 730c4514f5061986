using Osprey.Dicom.Dictionary;
using Osprey.Network.Dimse;

namespace Osprey.Network.Tests.Dimse;

/// <summary>The C-FIND, C-GET, C-MOVE and C-CANCEL command sets (PS3.7 §9.3.2 to §9.3.4) as the factories build them.</summary>
public class QueryRetrieveCommandTests
{
    private const string Find = DicomUids.StudyRootQueryRetrieveInformationModelFind;
    private const string Get = DicomUids.StudyRootQueryRetrieveInformationModelGet;
    private const string Move = DicomUids.StudyRootQueryRetrieveInformationModelMove;

    [Fact]
    public void CFindRqAnnouncesItsIdentifier()
    {
        var decoded = DimseCommand.Decode(DimseCommand.CFindRq(7, Find, DimsePriority.High).Encode());

        Assert.Equal(DimseCommandField.CFindRq, decoded.CommandField);
        Assert.Equal((ushort)7, decoded.MessageId);
        Assert.Equal(Find, decoded.AffectedSopClassUid?.TrimEnd('\0'));
        Assert.Equal(DimsePriority.High, decoded.Priority);
        Assert.True(decoded.HasDataSet);
    }

    [Fact]
    public void CFindRspAnswersTheRequest()
    {
        var request = DimseCommand.CFindRq(7, Find);

        var decoded = DimseCommand.Decode(DimseCommand.CFindRsp(request, DimseStatus.Pending).Encode());

        Assert.Equal(DimseCommandField.CFindRsp, decoded.CommandField);
        Assert.Equal((ushort)7, decoded.MessageIdBeingRespondedTo);
        Assert.Equal(Find, decoded.AffectedSopClassUid?.TrimEnd('\0'));
        Assert.Equal(DimseStatus.Pending, decoded.Status);
        Assert.Null(decoded.ErrorComment);
    }

    [Fact]
    public void CGetRspCarriesTheSubOperationCountsGiven()
    {
        var request = DimseCommand.CGetRq(3, Get);

        var pending = DimseCommand.Decode(DimseCommand.CGetRsp(request, DimseStatus.Pending, 4, 1, 0, 2).Encode());
        var final = DimseCommand.Decode(DimseCommand.CGetRsp(request, DimseStatus.Success, null, 7, 0, 0).Encode());

        Assert.Equal(DimseCommandField.CGetRsp, pending.CommandField);
        Assert.Equal((ushort)3, pending.MessageIdBeingRespondedTo);
        Assert.Equal(((ushort?)4, (ushort?)1, (ushort?)0, (ushort?)2),
            (pending.NumberOfRemainingSuboperations, pending.NumberOfCompletedSuboperations, pending.NumberOfFailedSuboperations, pending.NumberOfWarningSuboperations));
        Assert.Null(final.NumberOfRemainingSuboperations);
        Assert.Equal((ushort)7, final.NumberOfCompletedSuboperations);
    }

    [Fact]
    public void CMoveRqNamesItsDestinationAndCMoveRspCounts()
    {
        var request = DimseCommand.Decode(DimseCommand.CMoveRq(9, Move, "WORKSTATION").Encode());
        var response = DimseCommand.Decode(DimseCommand.CMoveRsp(request, DimseStatus.SubOperationsCompleteWithFailures, null, 5, 1, 0).Encode());

        Assert.Equal(DimseCommandField.CMoveRq, request.CommandField);
        Assert.Equal("WORKSTATION", request.MoveDestination);
        Assert.True(request.HasDataSet);
        Assert.Equal(DimseCommandField.CMoveRsp, response.CommandField);
        Assert.Equal((ushort)9, response.MessageIdBeingRespondedTo);
        Assert.Equal((ushort)1, response.NumberOfFailedSuboperations);
    }

    [Fact]
    public void CCancelRqHasOnlyTheFieldsPs37Lists()
    {
        var decoded = DimseCommand.Decode(DimseCommand.CCancelRq(12).Encode());

        Assert.Equal(DimseCommandField.CCancelRq, decoded.CommandField);
        Assert.Equal((ushort)12, decoded.MessageIdBeingRespondedTo);
        Assert.Equal(DimseCommand.NoDataSet, decoded.CommandDataSetType);
        // Command Group Length, Command Field, Message ID Being Responded To, Command Data Set Type (Table 9.3-5).
        Assert.Equal([0x0000, 0x0100, 0x0120, 0x0800], decoded.Dataset.Select(e => (int)e.Tag.Element));
    }

    [Fact]
    public void CStoreRqForAMoveCarriesTheMoveOriginator()
    {
        var decoded = DimseCommand.Decode(DimseCommand.CStoreRq(2, DicomUids.CTImageStorage, "1.2.3", moveOriginatorAe: "VIEWER", moveOriginatorMessageId: 9).Encode());

        Assert.Equal("VIEWER", decoded.MoveOriginatorApplicationEntityTitle);
        Assert.Equal((ushort)9, decoded.MoveOriginatorMessageId);
    }
}
