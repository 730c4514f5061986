using System.Buffers;

namespace Osprey.Network.Tests.Pdu;

using Osprey.Network.Pdu;

/// <summary>
/// Byte-exact encodings of each PDU (PS3.8 §9.3, PS3.7 Annex D.3.3), the expected bytes written out by hand from
/// the standard's tables. Each test also parses those bytes back and expects the record it started from.
/// </summary>
public class PduWriterTests
{
    private static void AssertWritesAndParses(Pdu pdu, byte[] expected)
    {
        Assert.Equal(expected, PduWriter.Write(pdu));

        var buffer = new ArrayBufferWriter<byte>();
        PduWriter.Write(pdu, buffer);
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());

        Assert.True(PduReader.TryReadHeader(expected, out byte type, out uint length));
        Assert.Equal((byte)pdu.Type, type);
        Assert.Equal((uint)(expected.Length - PduReader.HeaderLength), length);
        Assert.Equal(pdu, PduReader.Parse((PduType)type, expected.AsMemory(PduReader.HeaderLength)));
    }

    [Fact]
    public void AssociateRq_IsEncodedAsTable9_11()
    {
        var rq = new AssociateRq
        {
            CalledAeTitle = "ARCHIVE",
            CallingAeTitle = "MODALITY1",
            PresentationContexts = [new PresentationContextRq(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])],
            UserInformation = new UserInformation
            {
                MaximumLength = 16384,
                ImplementationClassUid = "1.2.3.4",
                ImplementationVersionName = "OSPREY_1",
            },
        };
        byte[] expected = new PduBytes()
            .U8(0x01, 0x00)                               // PDU-type 01H, reserved
            .U32(178)                                     // PDU-length: 68 fixed + 25 + 50 + 35 item bytes
            .U8(0x00, 0x01)                               // protocol-version: bit 0 = version 1
            .U8(0x00, 0x00)                               // reserved
            .Ascii("ARCHIVE         ")                    // called-AE-title, 16 bytes space padded
            .Ascii("MODALITY1       ")                    // calling-AE-title
            .Zeros(32)                                    // reserved, bytes 43-74
            .U8(0x10, 0x00, 0x00, 0x15)                   // application context item 10H, reserved, item-length 21
            .Ascii("1.2.840.10008.3.1.1.1")               //   application-context-name (PS3.7 A.2.1)
            .U8(0x20, 0x00, 0x00, 0x2E)                   // presentation context item 20H, reserved, item-length 46
            .U8(0x01, 0x00, 0x00, 0x00)                   //   presentation-context-ID 1, three reserved bytes
            .U8(0x30, 0x00, 0x00, 0x11)                   //   abstract syntax sub-item 30H, item-length 17
            .Ascii("1.2.840.10008.1.1")                   //     Verification SOP Class (odd length, no padding)
            .U8(0x40, 0x00, 0x00, 0x11)                   //   transfer syntax sub-item 40H, item-length 17
            .Ascii("1.2.840.10008.1.2")                   //     Implicit VR Little Endian
            .U8(0x50, 0x00, 0x00, 0x1F)                   // user information item 50H, item-length 31
            .U8(0x51, 0x00, 0x00, 0x04)                   //   maximum length sub-item 51H, item-length 4
            .U8(0x00, 0x00, 0x40, 0x00)                   //     maximum-length-received 16384
            .U8(0x52, 0x00, 0x00, 0x07)                   //   implementation class UID sub-item 52H, item-length 7
            .Ascii("1.2.3.4")                             //     implementation-class-uid
            .U8(0x55, 0x00, 0x00, 0x08)                   //   implementation version name sub-item 55H, item-length 8
            .Ascii("OSPREY_1");                           //     implementation-version-name
        Assert.Equal(184, expected.Length);
        AssertWritesAndParses(rq, expected);
    }

    [Fact]
    public void AssociateAc_IsEncodedAsTable9_17_WithAnEmptyTransferSyntaxForARejectedContext()
    {
        var ac = new AssociateAc
        {
            CalledAeTitle = "ARCHIVE",
            CallingAeTitle = "MODALITY1",
            PresentationContexts =
            [
                new PresentationContextAc(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2"),
                new PresentationContextAc(3, PresentationContextResult.AbstractSyntaxNotSupported, ""),
            ],
            UserInformation = new UserInformation { MaximumLength = 0, ImplementationClassUid = "1.2.3.4" },
        };
        byte[] expected = new PduBytes()
            .U8(0x02, 0x00)                               // PDU-type 02H, reserved
            .U32(157)                                     // PDU-length: 68 + 25 + 29 + 12 + 23
            .U8(0x00, 0x01)                               // protocol-version 1
            .U8(0x00, 0x00)                               // reserved
            .Ascii("ARCHIVE         ")                    // reserved: called AE title of the RQ, echoed
            .Ascii("MODALITY1       ")                    // reserved: calling AE title of the RQ, echoed
            .Zeros(32)                                    // reserved, bytes 43-74
            .U8(0x10, 0x00, 0x00, 0x15)                   // application context item 10H, item-length 21
            .Ascii("1.2.840.10008.3.1.1.1")
            .U8(0x21, 0x00, 0x00, 0x19)                   // presentation context item 21H, item-length 25
            .U8(0x01, 0x00, 0x00, 0x00)                   //   ID 1, reserved, result 0 (acceptance), reserved
            .U8(0x40, 0x00, 0x00, 0x11)                   //   transfer syntax sub-item 40H, item-length 17
            .Ascii("1.2.840.10008.1.2")
            .U8(0x21, 0x00, 0x00, 0x08)                   // presentation context item 21H, item-length 8
            .U8(0x03, 0x00, 0x03, 0x00)                   //   ID 3, reserved, result 3 (abstract-syntax-not-supported), reserved
            .U8(0x40, 0x00, 0x00, 0x00)                   //   transfer syntax sub-item 40H, item-length 0 (not significant)
            .U8(0x50, 0x00, 0x00, 0x13)                   // user information item 50H, item-length 19
            .U8(0x51, 0x00, 0x00, 0x04)                   //   maximum length sub-item, item-length 4
            .U8(0x00, 0x00, 0x00, 0x00)                   //     0: no maximum
            .U8(0x52, 0x00, 0x00, 0x07)                   //   implementation class UID sub-item, item-length 7
            .Ascii("1.2.3.4");
        Assert.Equal(163, expected.Length);
        AssertWritesAndParses(ac, expected);
    }

    [Fact]
    public void AssociateRj_IsEncodedAsTable9_21()
    {
        byte[] expected = new PduBytes()
            .U8(0x03, 0x00)                               // PDU-type 03H, reserved
            .U32(4)                                       // PDU-length
            .U8(0x00)                                     // reserved
            .U8(0x01)                                     // result 1: rejected-permanent
            .U8(0x01)                                     // source 1: DICOM UL service-user
            .U8(0x07);                                    // reason 7: called-AE-title-not-recognized
        AssertWritesAndParses(
            new AssociateRj(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserCalledAeTitleNotRecognized),
            expected);
    }

    [Fact]
    public void PDataTf_IsEncodedAsTables9_22And9_23()
    {
        var pdu = new PDataTf(
        [
            new PresentationDataValue(1, PresentationDataValue.Header(command: true, last: true), new byte[] { 0xAA, 0xBB, 0xCC }),
            new PresentationDataValue(3, PresentationDataValue.Header(command: false, last: true), new byte[] { 0x01 }),
        ]);
        byte[] expected = new PduBytes()
            .U8(0x04, 0x00)                               // PDU-type 04H, reserved
            .U32(16)                                      // PDU-length: two PDV items of 9 and 7 bytes
            .U32(5)                                       // PDV item-length: context ID + control header + 3 data bytes
            .U8(0x01)                                     //   presentation-context-ID 1
            .U8(0x03)                                     //   message control header: command, last fragment
            .U8(0xAA, 0xBB, 0xCC)                         //   fragment
            .U32(3)                                       // PDV item-length: 2 + 1
            .U8(0x03)                                     //   presentation-context-ID 3
            .U8(0x02)                                     //   message control header: data set, last fragment
            .U8(0x01);                                    //   fragment
        AssertWritesAndParses(pdu, expected);
    }

    [Fact]
    public void ReleaseRq_IsEncodedAsTable9_24()
    {
        byte[] expected = new PduBytes()
            .U8(0x05, 0x00)                               // PDU-type 05H, reserved
            .U32(4)                                       // PDU-length
            .Zeros(4);                                    // reserved
        AssertWritesAndParses(new ReleaseRq(), expected);
    }

    [Fact]
    public void ReleaseRp_IsEncodedAsTable9_25()
    {
        byte[] expected = new PduBytes()
            .U8(0x06, 0x00)                               // PDU-type 06H, reserved
            .U32(4)                                       // PDU-length
            .Zeros(4);                                    // reserved
        AssertWritesAndParses(new ReleaseRp(), expected);
    }

    [Fact]
    public void Abort_IsEncodedAsTable9_26()
    {
        byte[] expected = new PduBytes()
            .U8(0x07, 0x00)                               // PDU-type 07H, reserved
            .U32(4)                                       // PDU-length
            .U8(0x00, 0x00)                               // reserved, reserved
            .U8(0x02)                                     // source 2: DICOM UL service-provider
            .U8(0x06);                                    // reason 6: invalid-PDU-parameter value
        AssertWritesAndParses(new Abort(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue), expected);
    }

    [Fact]
    public void UserInformationSubItems_OfARequest_AreEncodedAsPs3_7AnnexD()
    {
        var rq = new AssociateRq
        {
            CalledAeTitle = "ARCHIVE",
            CallingAeTitle = "MODALITY1",
            PresentationContexts = [new PresentationContextRq(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])],
            UserInformation = new UserInformation
            {
                MaximumLength = 32768,
                ImplementationClassUid = "1.2.3.4",
                ImplementationVersionName = "OSPREY",
                AsynchronousOperationsWindow = new AsynchronousOperationsWindow(5, 3),
                RoleSelections = [new RoleSelection("1.2.3", ScuRole: true, ScpRole: false)],
                SopClassExtendedNegotiations = [new SopClassExtendedNegotiation("1.2.3", [0x01, 0x00, 0x01])],
                SopClassCommonExtendedNegotiations = [new SopClassCommonExtendedNegotiation("1.2.3", "1.2.840.10008.4.2", ["1.2.4"])],
                UserIdentity = new UserIdentityRq(UserIdentityType.UsernameAndPasscode, true, "user"u8.ToArray(), "secret"u8.ToArray()),
                UnknownSubItems = [new UnknownItem(0x5A, [0xCA, 0xFE])],
            },
        };
        byte[] userInformation = new PduBytes()
            .U8(0x50, 0x00, 0x00, 0x81)                   // user information item 50H, item-length 129
            .U8(0x51, 0x00, 0x00, 0x04)                   // maximum length sub-item 51H (PS3.8 D.1), item-length 4
            .U32(32768)                                   //   maximum-length-received
            .U8(0x52, 0x00, 0x00, 0x07)                   // implementation class UID 52H (D.3.3.2.1), item-length 7
            .Ascii("1.2.3.4")
            .U8(0x53, 0x00, 0x00, 0x04)                   // asynchronous operations window 53H (D.3.3.3.1), item-length 4
            .U16(5)                                       //   maximum-number-operations-invoked
            .U16(3)                                       //   maximum-number-operations-performed
            .U8(0x54, 0x00, 0x00, 0x09)                   // SCP/SCU role selection 54H (D.3.3.4.1), item-length 9
            .U16(5).Ascii("1.2.3")                        //   UID-length, SOP-class-uid
            .U8(0x01)                                     //   SCU-role: supported
            .U8(0x00)                                     //   SCP-role: not supported
            .U8(0x55, 0x00, 0x00, 0x06)                   // implementation version name 55H (D.3.3.2.3), item-length 6
            .Ascii("OSPREY")
            .U8(0x56, 0x00, 0x00, 0x0A)                   // SOP class extended negotiation 56H (D.3.3.5.1), item-length 10
            .U16(5).Ascii("1.2.3")                        //   SOP-class-uid-length, SOP-class-uid
            .U8(0x01, 0x00, 0x01)                         //   service-class-application-information
            .U8(0x57, 0x00, 0x00, 0x23)                   // SOP class common extended negotiation 57H (D.3.3.6.1), sub-item-version 0, item-length 35
            .U16(5).Ascii("1.2.3")                        //   SOP-class-uid-length, SOP-class-uid
            .U16(17).Ascii("1.2.840.10008.4.2")           //   service-class-uid-length, service-class-uid (Storage)
            .U16(7)                                       //   related-general-sop-class-identification-length
            .U16(5).Ascii("1.2.4")                        //     related-general-sop-class-uid-length, related-general-sop-class-uid
            .U8(0x58, 0x00, 0x00, 0x10)                   // user identity 58H (D.3.3.7.1), item-length 16
            .U8(0x02)                                     //   user-identity-type 2: username and passcode
            .U8(0x01)                                     //   positive-response-requested
            .U16(4).Ascii("user")                         //   primary-field-length, primary-field
            .U16(6).Ascii("secret")                       //   secondary-field-length, secondary-field
            .U8(0x5A, 0x00, 0x00, 0x02)                   // a sub-item type unknown here, kept as received
            .U8(0xCA, 0xFE);
        Assert.Equal(133, userInformation.Length);

        byte[] written = PduWriter.Write(rq);
        // The user information item is last: after the header, the fixed fields, the application context item
        // (25 bytes) and the presentation context item (50 bytes).
        Assert.Equal(userInformation, written[(6 + 68 + 25 + 50)..]);
        Assert.Equal(rq, PduReader.Parse(PduType.AssociateRq, written.AsMemory(6)));
    }

    [Fact]
    public void UserIdentityResponse_OfAnAccept_IsEncodedAsTableD_3_15()
    {
        var ac = new AssociateAc
        {
            CalledAeTitle = "ARCHIVE",
            CallingAeTitle = "MODALITY1",
            PresentationContexts = [new PresentationContextAc(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2")],
            UserInformation = new UserInformation { MaximumLength = 16384, UserIdentityResponse = new UserIdentityAc([0xDE, 0xAD, 0xBE, 0xEF]) },
        };
        byte[] userInformation = new PduBytes()
            .U8(0x50, 0x00, 0x00, 0x12)                   // user information item, item-length 18
            .U8(0x51, 0x00, 0x00, 0x04).U32(16384)        // maximum length sub-item
            .U8(0x59, 0x00, 0x00, 0x06)                   // user identity 59H (D.3.3.7.2), item-length 6
            .U16(4)                                       //   server-response-length
            .U8(0xDE, 0xAD, 0xBE, 0xEF);                  //   server-response
        byte[] written = PduWriter.Write(ac);
        Assert.Equal(userInformation, written[(6 + 68 + 25 + 29)..]);
        Assert.Equal(ac, PduReader.Parse(PduType.AssociateAc, written.AsMemory(6)));
    }

    [Fact]
    public void PDataTfHeader_IsThePduHeaderAndOnePdvItemHeader()
    {
        byte[] destination = new byte[PduWriter.PDataTfHeaderLength];
        PduWriter.WritePDataTfHeader(destination, presentationContextId: 5, messageControlHeader: 0x02, dataLength: 1000);
        byte[] expected = new PduBytes()
            .U8(0x04, 0x00)                               // PDU-type 04H, reserved
            .U32(1006)                                    // PDU-length: 4 (item-length) + 1 + 1 + 1000
            .U32(1002)                                    // PDV item-length: context ID + control header + 1000
            .U8(0x05)                                     // presentation-context-ID
            .U8(0x02);                                    // message control header: data set, last fragment
        Assert.Equal(expected, destination);

        // The same bytes as a whole P-DATA-TF holding that one PDV.
        byte[] data = new byte[1000];
        new Random(42).NextBytes(data);
        byte[] whole = PduWriter.Write(new PDataTf([new PresentationDataValue(5, 0x02, data)]));
        Assert.Equal(destination, whole[..12]);
        Assert.Equal(data, whole[12..]);
    }

    [Fact]
    public void PDataTfHeader_RefusesASmallDestinationAndANegativeLength()
    {
        Assert.Throws<ArgumentException>(() => PduWriter.WritePDataTfHeader(new byte[11], 1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PduWriter.WritePDataTfHeader(new byte[12], 1, 0, -1));
    }

    [Fact]
    public void AeTitles_ArePaddedWithSpaces_AndALongOneIsRefused()
    {
        var rq = RoundTripTests.SimpleRq() with { CalledAeTitle = "A", CallingAeTitle = "0123456789ABCDEF" };
        byte[] written = PduWriter.Write(rq);
        Assert.Equal("A               "u8.ToArray(), written[10..26]);
        Assert.Equal("0123456789ABCDEF"u8.ToArray(), written[26..42]);

        Assert.Throws<ArgumentException>(() => PduWriter.Write(rq with { CallingAeTitle = "0123456789ABCDEFG" }));
        Assert.Throws<ArgumentException>(() => PduWriter.Write(rq with { CalledAeTitle = "ARCHIVE\u0100" }));
    }

    [Fact]
    public void UserIdentity_InTheWrongDirection_AndAnUnknownItemWithAKnownType_AreRefused()
    {
        var identity = new UserIdentityRq(UserIdentityType.Username, false, "user"u8.ToArray(), []);
        var ac = RoundTripTests.SimpleAc();
        Assert.Throws<ArgumentException>(() => PduWriter.Write(ac with { UserInformation = ac.UserInformation with { UserIdentity = identity } }));

        var rq = RoundTripTests.SimpleRq();
        Assert.Throws<ArgumentException>(() => PduWriter.Write(rq with { UserInformation = rq.UserInformation with { UserIdentityResponse = new UserIdentityAc([]) } }));
        Assert.Throws<ArgumentException>(() => PduWriter.Write(rq with { UserInformation = rq.UserInformation with { UnknownSubItems = [new UnknownItem(0x52, [0x31])] } }));
    }

    [Fact]
    public void UnknownSubItems_AreWrittenAmongTheKnownOnesInIncreasingTypeOrder()
    {
        var rq = RoundTripTests.SimpleRq();
        rq = rq with
        {
            UserInformation = rq.UserInformation with
            {
                ImplementationVersionName = null,
                UnknownSubItems = [new UnknownItem(0x70, [0x02]), new UnknownItem(0x01, [0x01]), new UnknownItem(0x70, [0x03])],
            },
        };
        byte[] userInformation = new PduBytes()
            .U8(0x50, 0x00, 0x00, 0x22)                   // user information item, item-length 34
            .U8(0x01, 0x00, 0x00, 0x01).U8(0x01)          // unknown 01H, before the maximum length
            .U8(0x51, 0x00, 0x00, 0x04).U32(16384)        // maximum length
            .U8(0x52, 0x00, 0x00, 0x07).Ascii("1.2.3.4")  // implementation class UID
            .U8(0x70, 0x00, 0x00, 0x01).U8(0x02)          // unknown 70H, first as given
            .U8(0x70, 0x00, 0x00, 0x01).U8(0x03);         // unknown 70H, second
        byte[] written = PduWriter.Write(rq);
        Assert.Equal(userInformation, written[(6 + 68 + 25 + 50)..]);
    }
}
