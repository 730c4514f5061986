using System.Text;
using Osprey.Dicom.Data;
using Osprey.Dicom.Dictionary;
using Osprey.Network.Dimse;

namespace Osprey.Network.Tests.Dimse;

public class DimseCommandTests
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string InstanceUid = "1.2.826.0.1.3680043.2.1125.1.42"; // 31 characters: padded with one NUL

    [Fact]
    public void CEchoRqEncodesAsPs37Describes()
    {
        // PS3.7 §9.3.5.1 and §6.3.1: Implicit VR Little Endian, tag order, group length first.
        var body = new CommandBytes()
            .Text(0x0002, "1.2.840.10008.1.1", '\0') // 17 characters + NUL = 18 bytes
            .US(0x0100, 0x0030)
            .US(0x0110, 7)
            .US(0x0800, 0x0101);
        Assert.Equal(56, body.Length); // 26 + 10 + 10 + 10
        var expected = new CommandBytes().UL(0x0000, 56).Raw(body.ToArray()).ToArray();

        var encoded = DimseCommand.CEchoRq(7).Encode();

        Assert.Equal(68, encoded.Length);
        Assert.Equal(expected, encoded);
    }

    [Fact]
    public void CEchoRqDecodesToTheSameProperties()
    {
        var command = DimseCommand.Decode(DimseCommand.CEchoRq(7).Encode());

        Assert.Equal(DimseCommandField.CEchoRq, command.CommandField);
        Assert.Equal((ushort)7, command.MessageId);
        Assert.Null(command.MessageIdBeingRespondedTo);
        Assert.Equal(DicomUids.Verification, command.AffectedSopClassUid);
        Assert.Null(command.AffectedSopInstanceUid);
        Assert.Equal(DimseCommand.NoDataSet, command.CommandDataSetType);
        Assert.False(command.HasDataSet);
        Assert.Null(command.Status);
        Assert.Null(command.Priority);
    }

    [Fact]
    public void DecodesHandBuiltCommandWithGroupLength()
    {
        var bytes = new CommandBytes()
            .UL(0x0000, 56)
            .Text(0x0002, "1.2.840.10008.1.1", '\0')
            .US(0x0100, 0x8030)
            .US(0x0120, 9)
            .US(0x0800, 0x0101)
            .US(0x0900, 0x0000)
            .ToArray();

        var command = DimseCommand.Decode(bytes);

        Assert.Equal(DimseCommandField.CEchoRsp, command.CommandField);
        Assert.Equal((ushort)9, command.MessageIdBeingRespondedTo);
        Assert.Equal(DimseStatus.Success, command.Status);
    }

    [Fact]
    public void CStoreRqRoundTrips()
    {
        var request = DimseCommand.CStoreRq(12, CtImageStorage, InstanceUid, DimsePriority.High, "MOVER", 3);

        var encoded = request.Encode();
        var decoded = DimseCommand.Decode(encoded);

        Assert.Equal(DimseCommandField.CStoreRq, decoded.CommandField);
        Assert.Equal((ushort)12, decoded.MessageId);
        Assert.Equal(CtImageStorage, decoded.AffectedSopClassUid);
        Assert.Equal(InstanceUid, decoded.AffectedSopInstanceUid);
        Assert.Equal(DimsePriority.High, decoded.Priority);
        Assert.True(decoded.HasDataSet);
        Assert.NotEqual(DimseCommand.NoDataSet, decoded.CommandDataSetType);
        Assert.Equal("MOVER", decoded.MoveOriginatorApplicationEntityTitle);
        Assert.Equal((ushort)3, decoded.MoveOriginatorMessageId);
        Assert.Equal(encoded, decoded.Encode());
    }

    [Fact]
    public void CStoreRqWithoutMoveOriginatorHasNoSuchElements()
    {
        var request = DimseCommand.CStoreRq(1, CtImageStorage, InstanceUid);

        Assert.Equal(DimsePriority.Medium, request.Priority);
        Assert.False(request.Dataset.Contains(DicomTags.MoveOriginatorApplicationEntityTitle));
        Assert.False(request.Dataset.Contains(DicomTags.MoveOriginatorMessageID));
    }

    [Fact]
    public void EncodingPadsUidsWithNulAndElementsComeInTagOrder()
    {
        var command = new DimseCommand(DimseCommandField.CStoreRq) { AffectedSopInstanceUid = "1.2.3", MessageId = 1 };
        command.AffectedSopClassUid = "1.2.345";
        var bytes = command.Encode();

        var expected = new CommandBytes()
            .UL(0x0000, 16 + 10 + 10 + 10 + 14)
            .Header(0x0000, 0x0002, 8).Raw(Encoding.ASCII.GetBytes("1.2.345\0"))
            .US(0x0100, 0x0001)
            .US(0x0110, 1)
            .US(0x0800, 0x0101)
            .Header(0x0000, 0x1000, 6).Raw(Encoding.ASCII.GetBytes("1.2.3\0"))
            .ToArray();
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void GroupLengthFollowsChanges()
    {
        var command = DimseCommand.CEchoRq(1);
        Assert.Equal(68, command.Encode().Length);

        command.AffectedSopInstanceUid = "1.2.3.4"; // 8 + 8 bytes more
        var bytes = command.Encode();

        Assert.Equal(84, bytes.Length);
        Assert.Equal(72u, BitConverter.ToUInt32(bytes, 8));
    }

    [Fact]
    public void DecodeCopiesTheBytes()
    {
        var bytes = DimseCommand.CStoreRq(5, CtImageStorage, InstanceUid).Encode();
        var command = DimseCommand.Decode(bytes);

        Array.Clear(bytes);

        Assert.Equal(CtImageStorage, command.AffectedSopClassUid);
        Assert.Equal((ushort)5, command.MessageId);
    }

    [Fact]
    public void StatusFieldsRoundTrip()
    {
        var response = new DimseCommand(DimseCommandField.CMoveRsp)
        {
            MessageIdBeingRespondedTo = 4,
            Status = DimseStatus.Pending,
            NumberOfRemainingSuboperations = 10,
            NumberOfCompletedSuboperations = 2,
            NumberOfFailedSuboperations = 1,
            NumberOfWarningSuboperations = 0,
            ErrorComment = "odd",
            OffendingElement = [new DicomTag(0x0010, 0x0020), new DicomTag(0x0008, 0x0018)],
        };

        var decoded = DimseCommand.Decode(response.Encode());

        Assert.Equal(DimseStatus.Pending, decoded.Status);
        Assert.Equal((ushort)10, decoded.NumberOfRemainingSuboperations);
        Assert.Equal((ushort)2, decoded.NumberOfCompletedSuboperations);
        Assert.Equal((ushort)1, decoded.NumberOfFailedSuboperations);
        Assert.Equal((ushort)0, decoded.NumberOfWarningSuboperations);
        Assert.Equal("odd", decoded.ErrorComment);
        Assert.Equal([new DicomTag(0x0010, 0x0020), new DicomTag(0x0008, 0x0018)], decoded.OffendingElement!);
    }

    [Fact]
    public void MoveDestinationRoundTrips()
    {
        var request = new DimseCommand(DimseCommandField.CMoveRq) { MessageId = 2, MoveDestination = "STORE_SCP", HasDataSet = true };

        var decoded = DimseCommand.Decode(request.Encode());

        Assert.Equal("STORE_SCP", decoded.MoveDestination);
        Assert.True(decoded.HasDataSet);
    }

    [Fact]
    public void ErrorCommentIsMadeFitForLo()
    {
        var command = new DimseCommand(DimseCommandField.CStoreRsp) { ErrorComment = "bad\\value\r\n" + new string('x', 80) };

        var comment = command.ErrorComment!;
        Assert.Equal(64, comment.Length);
        Assert.StartsWith("bad?value??xxx", comment);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.abc")]
    [InlineData("1.2.3 ")]
    public void RejectsValuesThatAreNotUids(string uid)
    {
        var command = new DimseCommand(DimseCommandField.CEchoRq);
        Assert.Throws<ArgumentException>(() => command.AffectedSopClassUid = uid);
    }

    [Fact]
    public void RejectsUidsOverSixtyFourCharacters()
    {
        var command = new DimseCommand(DimseCommandField.CEchoRq);
        Assert.Throws<ArgumentException>(() => command.AffectedSopClassUid = "1." + new string('2', 63));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEFGHIJKLMNOPQ")]
    [InlineData("A\\B")]
    public void RejectsValuesThatAreNotAeTitles(string ae)
    {
        var command = new DimseCommand(DimseCommandField.CMoveRq);
        Assert.Throws<ArgumentException>(() => command.MoveDestination = ae);
    }

    [Fact]
    public void SettingNullRemovesTheElement()
    {
        var command = DimseCommand.CStoreRq(1, CtImageStorage, InstanceUid);
        command.AffectedSopInstanceUid = null;
        command.Priority = null;

        Assert.False(command.Dataset.Contains(DicomTags.AffectedSOPInstanceUID));
        Assert.False(command.Dataset.Contains(DicomTags.Priority));
    }

    // ---- response factories ----

    [Fact]
    public void CEchoRspAnswersTheRequest()
    {
        var request = DimseCommand.Decode(DimseCommand.CEchoRq(41).Encode());

        var response = DimseCommand.CEchoRsp(request, DimseStatus.Success);

        Assert.Equal(DimseCommandField.CEchoRsp, response.CommandField);
        Assert.Equal((ushort)41, response.MessageIdBeingRespondedTo);
        Assert.Null(response.MessageId);
        Assert.Equal(DicomUids.Verification, response.AffectedSopClassUid);
        Assert.Null(response.AffectedSopInstanceUid);
        Assert.Equal(DimseStatus.Success, response.Status);
        Assert.False(response.HasDataSet);
    }

    [Fact]
    public void CStoreRspCopiesSopClassAndInstance()
    {
        var request = DimseCommand.Decode(DimseCommand.CStoreRq(8, CtImageStorage, InstanceUid, DimsePriority.Low, "MOVER", 2).Encode());

        var response = DimseCommand.CStoreRsp(request, DimseStatus.OutOfResources, "disk full");

        Assert.Equal(DimseCommandField.CStoreRsp, response.CommandField);
        Assert.Equal((ushort)8, response.MessageIdBeingRespondedTo);
        Assert.Equal(CtImageStorage, response.AffectedSopClassUid);
        Assert.Equal(InstanceUid, response.AffectedSopInstanceUid);
        Assert.Equal(DimseStatus.OutOfResources, response.Status);
        Assert.Equal("disk full", response.ErrorComment);
        Assert.False(response.HasDataSet);
        Assert.Null(response.Priority);
        Assert.Null(response.MoveOriginatorApplicationEntityTitle);

        var decoded = DimseCommand.Decode(response.Encode());
        Assert.Equal(InstanceUid, decoded.AffectedSopInstanceUid);
        Assert.Equal("disk full", decoded.ErrorComment);
    }

    [Fact]
    public void CStoreRspWithoutCommentHasNoErrorComment()
    {
        var response = DimseCommand.CStoreRsp(DimseCommand.CStoreRq(8, CtImageStorage, InstanceUid), DimseStatus.Success);
        Assert.False(response.Dataset.Contains(DicomTags.ErrorComment));
    }

    [Fact]
    public void ResponseCopiesUidsByteForByte()
    {
        // A peer's UID that this side would not accept to send (trailing space padding) is still echoed as received.
        var bytes = new CommandBytes()
            .UL(0x0000, 0) // not checked
            .Text(0x0002, "1.2.840.10008.1.1", ' ')
            .US(0x0100, 0x0030)
            .US(0x0110, 3)
            .US(0x0800, 0x0101)
            .ToArray();
        var request = DimseCommand.Decode(bytes);

        var response = DimseCommand.Response(request, DimseCommandField.CEchoRsp, DimseStatus.Success);

        var element = (DicomValueElement)response.Dataset[DicomTags.AffectedSOPClassUID]!;
        Assert.Equal("1.2.840.10008.1.1 "u8.ToArray(), element.Value.Memory.ToArray());
    }

    [Fact]
    public void ResponseToDimseNRequestTurnsRequestedIntoAffected()
    {
        var request = new DimseCommand(DimseCommandField.NGetRq)
        {
            MessageId = 6,
            RequestedSopClassUid = "1.2.840.10008.3.1.2.3.3",
            RequestedSopInstanceUid = "1.2.3.4.5",
        };

        var response = DimseCommand.Response(request, DimseCommandField.NGetRsp, DimseStatus.NoSuchSopInstance);

        Assert.Equal((ushort)6, response.MessageIdBeingRespondedTo);
        Assert.Equal("1.2.840.10008.3.1.2.3.3", response.AffectedSopClassUid);
        Assert.Equal("1.2.3.4.5", response.AffectedSopInstanceUid);
        Assert.Null(response.RequestedSopClassUid);
        Assert.Null(response.RequestedSopInstanceUid);
    }

    [Fact]
    public void ResponseMustAnswerTheRequestKind()
    {
        var request = DimseCommand.CEchoRq(1);
        Assert.Throws<ArgumentException>(() => DimseCommand.Response(request, DimseCommandField.CStoreRsp, 0));
        Assert.Throws<ArgumentException>(() => DimseCommand.Response(request, DimseCommandField.CEchoRq, 0));
        Assert.Throws<ArgumentException>(() => DimseCommand.CStoreRsp(request, 0));
    }

    [Fact]
    public void ResponsesAndCancelAreNotAnswered()
    {
        var response = DimseCommand.CEchoRsp(DimseCommand.CEchoRq(1), DimseStatus.Success);
        Assert.Throws<ArgumentException>(() => DimseCommand.Response(response, DimseCommandField.CEchoRsp, 0));
        var cancel = new DimseCommand(DimseCommandField.CCancelRq) { MessageIdBeingRespondedTo = 1 };
        Assert.Throws<ArgumentException>(() => DimseCommand.Response(cancel, (DimseCommandField)0x8FFF, 0));
    }

    [Fact]
    public void UnknownRequestCanBeAnsweredWithUnrecognizedOperation()
    {
        var bytes = new CommandBytes().Text(0x0002, "1.2.3", '\0').US(0x0100, 0x0042).US(0x0110, 4).US(0x0800, 0x0101).ToArray();
        var request = DimseCommand.Decode(bytes);

        var response = DimseCommand.Response(request, (DimseCommandField)0x8042, DimseStatus.UnrecognizedOperation);

        Assert.Equal((DimseCommandField)0x8042, response.CommandField);
        Assert.Equal((ushort)4, response.MessageIdBeingRespondedTo);
        Assert.Equal("1.2.3", response.AffectedSopClassUid);
        Assert.Equal(DimseStatus.UnrecognizedOperation, response.Status);
    }

    [Fact]
    public void ResponseNeedsTheRequestMessageId()
    {
        var request = new DimseCommand(DimseCommandField.CEchoRq);
        Assert.Throws<ArgumentException>(() => DimseCommand.CEchoRsp(request, 0));
    }

    // ---- malformed command sets ----

    private static CommandBytes EchoWithout(ushort missing)
    {
        var b = new CommandBytes().UL(0x0000, 0);
        if (missing != 0x0002) b.Text(0x0002, DicomUids.Verification, '\0');
        if (missing != 0x0100) b.US(0x0100, 0x0030);
        if (missing != 0x0110) b.US(0x0110, 1);
        if (missing != 0x0800) b.US(0x0800, 0x0101);
        return b;
    }

    [Theory]
    [InlineData((ushort)0x0100, "Command Field")]
    [InlineData((ushort)0x0110, "Message ID (0000,0110)")]
    [InlineData((ushort)0x0800, "Command Data Set Type")]
    public void DecodeRejectsMissingRequiredFields(ushort missing, string named)
    {
        var e = Assert.Throws<DimseFormatException>(() => DimseCommand.Decode(EchoWithout(missing).ToArray()));
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void DecodeAcceptsMissingOptionalFields() => DimseCommand.Decode(EchoWithout(0x0002).ToArray());

    [Fact]
    public void DecodeRejectsResponseWithoutMessageIdBeingRespondedTo()
    {
        var bytes = new CommandBytes().US(0x0100, 0x8030).US(0x0110, 1).US(0x0800, 0x0101).US(0x0900, 0).ToArray();
        var e = Assert.Throws<DimseFormatException>(() => DimseCommand.Decode(bytes));
        Assert.Contains("Message ID Being Responded To", e.Message);
    }

    [Fact]
    public void CCancelRqCarriesMessageIdBeingRespondedTo()
    {
        var ok = new CommandBytes().US(0x0100, 0x0FFF).US(0x0120, 4).US(0x0800, 0x0101).ToArray();
        Assert.Equal((ushort)4, DimseCommand.Decode(ok).MessageIdBeingRespondedTo);

        var bad = new CommandBytes().US(0x0100, 0x0FFF).US(0x0110, 4).US(0x0800, 0x0101).ToArray();
        Assert.Throws<DimseFormatException>(() => DimseCommand.Decode(bad));
    }

    [Fact]
    public void DecodeAcceptsUnknownCommandField()
    {
        var bytes = new CommandBytes().US(0x0100, 0x0042).US(0x0110, 4).US(0x0800, 0x0101).ToArray();
        var command = DimseCommand.Decode(bytes);
        Assert.Equal((DimseCommandField)0x0042, command.CommandField);
        Assert.False(command.CommandField.IsDefined());
    }

    [Fact]
    public void DecodeRejectsMalformedCommandField()
    {
        var bytes = new CommandBytes().Header(0x0000, 0x0100, 4).Raw(0x30, 0, 0, 0).US(0x0110, 1).US(0x0800, 0x0101).ToArray();
        var e = Assert.Throws<DimseFormatException>(() => DimseCommand.Decode(bytes));
        Assert.Contains("(0000,0100)", e.Message);
    }

    [Fact]
    public void DecodeRejectsElementsOutsideTheCommandGroup()
    {
        var bytes = EchoWithout(0xFFFF).Header(0x0008, 0x0016, 2).Raw((byte)'1', 0).ToArray();
        var e = Assert.Throws<DimseFormatException>(() => DimseCommand.Decode(bytes));
        Assert.Contains("(0008,0016)", e.Message);
    }

    [Fact]
    public void DecodeRejectsEmptyInput() => Assert.Throws<DimseFormatException>(() => DimseCommand.Decode(ReadOnlyMemory<byte>.Empty));

    [Fact]
    public void DecodeOfAnyTruncationThrowsOnlyDimseFormatException()
    {
        var bytes = DimseCommand.CStoreRq(5, CtImageStorage, InstanceUid, DimsePriority.Low, "MOVER", 9).Encode();
        for (int n = 0; n < bytes.Length; n++)
        {
            try
            {
                DimseCommand.Decode(bytes.AsMemory(0, n));
            }
            catch (DimseFormatException)
            {
            }
        }
        // Cut inside the value of the last element: that is never a valid command.
        Assert.Throws<DimseFormatException>(() => DimseCommand.Decode(bytes.AsMemory(0, bytes.Length - 1)));
    }

    [Fact]
    public void EncodeRefusesElementsOutsideTheCommandGroup()
    {
        var command = DimseCommand.CEchoRq(1);
        command.Dataset.AddOrUpdate(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2");
        Assert.Throws<InvalidOperationException>(() => command.Encode());
    }

    [Fact]
    public void ToStringNamesTheMessage()
    {
        Assert.Equal("C-ECHO-RQ (message ID 3, SOP class 1.2.840.10008.1.1)", DimseCommand.CEchoRq(3).ToString());
        var rsp = DimseCommand.CEchoRsp(DimseCommand.CEchoRq(3), DimseStatus.Success);
        Assert.Equal("C-ECHO-RSP (responding to 3, status 0000H, SOP class 1.2.840.10008.1.1)", rsp.ToString());
    }
}
