namespace Osprey.Network.Tests.Pdu;

using Osprey.Network.Pdu;

/// <summary>
/// Parsing of hand-made PDU bodies: tolerance where PS3.8 §9.3.1 asks for it (unknown items, reserved fields,
/// padding) and <see cref="PduFormatException"/> with the abort reason to send for malformed content.
/// </summary>
public class PduReaderTests
{
    private static byte[] RqBody(params byte[][] items)
    {
        var body = PduBytes.AssociateFixedFields();
        foreach (byte[] item in items) body.Raw(item);
        return body;
    }

    private static byte[] ValidRqItems(PduBytes body) =>
        body.Raw(PduBytes.ApplicationContextItem()).Raw(PduBytes.PresentationContextRqItem()).Raw(PduBytes.MinimalUserInformationItem());

    private static void AssertFormatError(PduType type, byte[] body, byte abortReason)
    {
        var error = Assert.Throws<PduFormatException>(() => PduReader.Parse(type, body));
        Assert.Equal(abortReason, error.AbortReason);
        Assert.False(string.IsNullOrEmpty(error.Message));
    }

    // ---- Header ----

    [Fact]
    public void TryReadHeader_ReadsTypeAndBigEndianLength()
    {
        Assert.True(PduReader.TryReadHeader(new byte[] { 0x04, 0xFF, 0x01, 0x02, 0x03, 0x04, 0x99 }, out byte type, out uint length));
        Assert.Equal(0x04, type);
        Assert.Equal(0x01020304u, length);

        Assert.False(PduReader.TryReadHeader(new byte[] { 0x04, 0x00, 0x00, 0x00, 0x00 }, out _, out _));
    }

    [Fact]
    public void IsKnownType_IsTrueForTheSevenPduTypesOnly()
    {
        for (int type = 0; type < 256; type++)
            Assert.Equal(type is >= 1 and <= 7, PduReader.IsKnownType((byte)type));
    }

    [Fact]
    public void UnknownPduType_IsAnUnrecognizedPdu()
    {
        AssertFormatError((PduType)0x08, [0, 0, 0, 0], AbortReason.UnrecognizedPdu);
        AssertFormatError(0, [], AbortReason.UnrecognizedPdu);
    }

    // ---- Tolerance ----

    [Fact]
    public void AeTitles_AreTrimmed_AndUidsLoseTrailingNuls_AndReservedFieldsAreNotTested()
    {
        byte[] body = new PduBytes()
            .U16(0x0001).U8(0xAB, 0xCD)                               // protocol version, reserved field not zero
            .Ascii("  ARCHIVE       ")                                // leading and trailing spaces
            .Ascii("MOD").Zeros(13)                                   // NUL padded
            .U8(Enumerable.Repeat((byte)0xEE, 32).ToArray())          // reserved, not zero
            .U8(0x10, 0x77).U16(22).Ascii("1.2.840.10008.3.1.1.1").U8(0) // reserved byte not zero, UID padded with a NUL
            .Item(0x20, new PduBytes().U8(1, 9, 9, 9).Item(0x30, "1.2.840.10008.1.1\0").Item(0x40, "1.2.840.10008.1.2"))
            .Raw(PduBytes.MinimalUserInformationItem());
        var rq = Assert.IsType<AssociateRq>(PduReader.Parse(PduType.AssociateRq, body));
        Assert.Equal("ARCHIVE", rq.CalledAeTitle);
        Assert.Equal("MOD", rq.CallingAeTitle);
        Assert.Equal(AssociateRq.DicomApplicationContextName, rq.ApplicationContextName);
        Assert.Equal(new PresentationContextRq(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]), Assert.Single(rq.PresentationContexts));
        Assert.Equal(16384u, rq.UserInformation.MaximumLength);
        Assert.Null(rq.UserInformation.ImplementationClassUid);
    }

    [Fact]
    public void UnknownUserInformationSubItem_IsKept()
    {
        byte[] userInformation = new PduBytes().Item(0x50, new PduBytes()
            .Item(0x51, new PduBytes().U32(0))
            .Item(0x5F, [0x01, 0x02, 0x03])                           // a sub-item type unknown here
            .Item(0x52, "1.2.3.4")
            .Item(0x02, []));                                         // another, empty
        var rq = Assert.IsType<AssociateRq>(PduReader.Parse(PduType.AssociateRq,
            RqBody(PduBytes.ApplicationContextItem(), PduBytes.PresentationContextRqItem(), userInformation)));
        Assert.Equal([new UnknownItem(0x5F, [0x01, 0x02, 0x03]), new UnknownItem(0x02, [])], rq.UserInformation.UnknownSubItems);
        Assert.Equal("1.2.3.4", rq.UserInformation.ImplementationClassUid);
    }

    [Fact]
    public void UnknownItemTypes_InTheVariableFieldAndInAPresentationContext_AreSkipped()
    {
        byte[] presentationContext = new PduBytes().Item(0x20, new PduBytes()
            .U8(3, 0, 0, 0)
            .Item(0x30, "1.2.840.10008.1.1")
            .Item(0x3F, [0xFF])                                       // unknown sub-item type, skipped
            .Item(0x40, "1.2.840.10008.1.2"));
        byte[] body = RqBody(
            new PduBytes().Item(0x01, [0xDE, 0xAD]),                  // unknown item type before everything
            PduBytes.ApplicationContextItem(),
            new PduBytes().Item(0x15, []),                            // unknown, empty
            presentationContext,
            PduBytes.MinimalUserInformationItem(),
            new PduBytes().Item(0x99, new byte[300]));                // unknown, after the user information
        var rq = Assert.IsType<AssociateRq>(PduReader.Parse(PduType.AssociateRq, body));
        Assert.Equal(new PresentationContextRq(3, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]), Assert.Single(rq.PresentationContexts));
        Assert.Empty(rq.UserInformation.UnknownSubItems);
    }

    [Fact]
    public void AcceptRejectingAContext_MayOmitTheTransferSyntax()
    {
        byte[] body = PduBytes.AssociateFixedFields()
            .Raw(PduBytes.ApplicationContextItem())
            .Item(0x21, new PduBytes().U8(1, 0, (byte)PresentationContextResult.UserRejection, 0))
            .Raw(PduBytes.MinimalUserInformationItem());
        var ac = Assert.IsType<AssociateAc>(PduReader.Parse(PduType.AssociateAc, body));
        Assert.Equal(new PresentationContextAc(1, PresentationContextResult.UserRejection, ""), Assert.Single(ac.PresentationContexts));
    }

    [Fact]
    public void UnknownEnumeratedValues_AreKeptAsReceived()
    {
        var rj = Assert.IsType<AssociateRj>(PduReader.Parse(PduType.AssociateRj, new byte[] { 0, 9, 8, 200 }));
        Assert.Equal((AssociateRjResult)9, rj.Result);
        Assert.Equal((AssociateRjSource)8, rj.Source);
        Assert.Equal(200, rj.Reason);
        var abort = Assert.IsType<Abort>(PduReader.Parse(PduType.Abort, new byte[] { 0xFF, 0xFF, 1, 3 }));
        Assert.Equal((AbortSource)1, abort.Source);
        Assert.Equal(3, abort.Reason);
    }

    [Fact]
    public void ParsedStrings_HoldEveryByteAsSent()
    {
        // ISO 646 is 7-bit, but a peer may send other bytes; they survive a parse and a write unchanged.
        byte[] body = new PduBytes()
            .U16(1).Zeros(2).Ascii("ARCH").U8(0xE9).Ascii("           ").Ascii("MODALITY1       ").Zeros(32)
            .Raw(PduBytes.ApplicationContextItem()).Raw(PduBytes.PresentationContextRqItem()).Raw(PduBytes.MinimalUserInformationItem());
        var rq = Assert.IsType<AssociateRq>(PduReader.Parse(PduType.AssociateRq, body));
        Assert.Equal("ARCH\u00E9", rq.CalledAeTitle);
        Assert.Equal(body, PduWriter.Write(rq)[6..]);
    }

    // ---- Malformed content ----

    [Fact]
    public void ItemLengthPastTheBody_IsAnInvalidParameterValue()
    {
        byte[] appContext = PduBytes.ApplicationContextItem();
        appContext[3] += 1;                                           // one byte more than the item holds
        AssertFormatError(PduType.AssociateRq, RqBody(appContext), AbortReason.InvalidPduParameterValue);

        // The last item of the body claims 0x1000 bytes.
        byte[] body = ValidRqItems(PduBytes.AssociateFixedFields().Raw(new PduBytes().U8(0x60, 0).U16(0x1000)));
        AssertFormatError(PduType.AssociateRq, body, AbortReason.InvalidPduParameterValue);
        body = new PduBytes().Raw(ValidRqItems(PduBytes.AssociateFixedFields())).U8(0x60, 0).U16(0x1000).U8(1, 2, 3);
        AssertFormatError(PduType.AssociateRq, body, AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void SubItemLengthPastItsItem_IsAnInvalidParameterValue()
    {
        // A transfer syntax sub-item that runs past the end of its presentation context item (not past the body).
        byte[] presentationContext = new PduBytes().Item(0x20, new PduBytes()
            .U8(1, 0, 0, 0).Item(0x30, "1.2.840.10008.1.1").U8(0x40, 0).U16(50).Ascii("1.2.840.10008.1.2"));
        byte[] body = RqBody(PduBytes.ApplicationContextItem(), presentationContext, PduBytes.MinimalUserInformationItem());
        AssertFormatError(PduType.AssociateRq, body, AbortReason.InvalidPduParameterValue);

        // A role selection sub-item whose UID length runs past the sub-item.
        byte[] userInformation = new PduBytes().Item(0x50, new PduBytes()
            .Item(0x51, new PduBytes().U32(0))
            .Item(0x54, new PduBytes().U16(40).Ascii("1.2.3").U8(1, 0)));
        body = RqBody(PduBytes.ApplicationContextItem(), PduBytes.PresentationContextRqItem(), userInformation);
        AssertFormatError(PduType.AssociateRq, body, AbortReason.InvalidPduParameterValue);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]                                 // maximum length of 1 byte
    [InlineData(new byte[] { 0x00, 0x00, 0x40, 0x00, 0x00 })]         // and of 5
    public void MaximumLengthSubItemOfTheWrongSize_IsAnInvalidParameterValue(byte[] value)
    {
        byte[] userInformation = new PduBytes().Item(0x50, new PduBytes().Item(0x51, value));
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), PduBytes.PresentationContextRqItem(), userInformation),
            AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void UserIdentityFieldsPastTheSubItem_AreAnInvalidParameterValue()
    {
        byte[] userInformation = new PduBytes().Item(0x50, new PduBytes()
            .Item(0x51, new PduBytes().U32(0))
            .Item(0x58, new PduBytes().U8(2, 0).U16(4).Ascii("user").U16(10).Ascii("secret")));
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), PduBytes.PresentationContextRqItem(), userInformation),
            AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void PdvLengthZeroOrOne_IsAnInvalidParameterValue()
    {
        AssertFormatError(PduType.PDataTf, new PduBytes().U32(0), AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.PDataTf, new PduBytes().U32(0).U8(1, 3), AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.PDataTf, new PduBytes().U32(1).U8(1), AbortReason.InvalidPduParameterValue);
        // A good PDV followed by one of length 0.
        AssertFormatError(PduType.PDataTf, new PduBytes().U32(3).U8(1, 3, 0xAA).U32(0), AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void PdvLengthPastTheEnd_IsAnInvalidParameterValue()
    {
        AssertFormatError(PduType.PDataTf, new PduBytes().U32(5).U8(1, 3, 0xAA, 0xBB), AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.PDataTf, new PduBytes().U32(0xFFFFFFFF).U8(1, 3, 0xAA), AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.PDataTf, new PduBytes().U32(0x80000001).U8(1, 3), AbortReason.InvalidPduParameterValue);
        // A good PDV followed by 3 stray bytes, too few for another item header.
        AssertFormatError(PduType.PDataTf, new PduBytes().U32(3).U8(1, 3, 0xAA).U8(0, 0, 0), AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void PDataTfWithoutAnyPdv_IsAnInvalidParameterValue() =>
        AssertFormatError(PduType.PDataTf, [], AbortReason.InvalidPduParameterValue);

    [Fact]
    public void AssociateRqWithoutApplicationContext_IsAnInvalidParameterValue()
    {
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.PresentationContextRqItem(), PduBytes.MinimalUserInformationItem()),
            AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void AssociateRqWithoutPresentationContextOrUserInformation_IsAnInvalidParameterValue()
    {
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), PduBytes.MinimalUserInformationItem()),
            AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), PduBytes.PresentationContextRqItem()),
            AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void PresentationContextWithoutAbstractOrTransferSyntax_IsAnInvalidParameterValue()
    {
        byte[] noAbstract = new PduBytes().Item(0x20, new PduBytes().U8(1, 0, 0, 0).Item(0x40, "1.2.840.10008.1.2"));
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), noAbstract, PduBytes.MinimalUserInformationItem()),
            AbortReason.InvalidPduParameterValue);
        byte[] noTransfer = new PduBytes().Item(0x20, new PduBytes().U8(1, 0, 0, 0).Item(0x30, "1.2.840.10008.1.1"));
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), noTransfer, PduBytes.MinimalUserInformationItem()),
            AbortReason.InvalidPduParameterValue);
        byte[] tooShort = new PduBytes().Item(0x20, [1, 0, 0]);
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), tooShort, PduBytes.MinimalUserInformationItem()),
            AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void AcceptedContextWithoutTransferSyntax_IsAnInvalidParameterValue()
    {
        byte[] body = PduBytes.AssociateFixedFields()
            .Raw(PduBytes.ApplicationContextItem())
            .Item(0x21, new PduBytes().U8(1, 0, (byte)PresentationContextResult.Acceptance, 0))
            .Raw(PduBytes.MinimalUserInformationItem());
        AssertFormatError(PduType.AssociateAc, body, AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void TruncatedBodies_AreInvalidParameterValues()
    {
        byte[] rq = PduWriter.Write(RoundTripTests.SimpleRq());
        byte[] ac = PduWriter.Write(RoundTripTests.SimpleAc());
        AssertFormatError(PduType.AssociateRq, rq[6..60], AbortReason.InvalidPduParameterValue);      // inside the fixed fields
        AssertFormatError(PduType.AssociateRq, rq[6..^1], AbortReason.InvalidPduParameterValue);      // last byte missing
        AssertFormatError(PduType.AssociateAc, ac[6..^3], AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.AssociateRq, [], AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.AssociateRj, [0, 1, 1], AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.ReleaseRq, [0, 0], AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.ReleaseRp, [], AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.Abort, [0, 0, 2], AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.PDataTf, new PduBytes().U8(0, 0, 0), AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void FixedLengthPdusWithExtraBytes_AreInvalidParameterValues()
    {
        AssertFormatError(PduType.ReleaseRq, [0, 0, 0, 0, 0], AbortReason.InvalidPduParameterValue);
        AssertFormatError(PduType.Abort, [0, 0, 0, 0, 0, 0], AbortReason.InvalidPduParameterValue);
    }

    [Fact]
    public void KnownItemsWhereTheyMayNotStand_AreUnexpectedParameters()
    {
        // An accept's presentation context item (21H) in a request.
        byte[] acContext = new PduBytes().Item(0x21, new PduBytes().U8(1, 0, 0, 0).Item(0x40, "1.2.840.10008.1.2"));
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), acContext, PduBytes.PresentationContextRqItem(), PduBytes.MinimalUserInformationItem()),
            AbortReason.UnexpectedPduParameter);

        // A request's presentation context item (20H) in an accept.
        byte[] body = PduBytes.AssociateFixedFields().Raw(PduBytes.ApplicationContextItem()).Raw(PduBytes.PresentationContextRqItem()).Raw(PduBytes.MinimalUserInformationItem());
        AssertFormatError(PduType.AssociateAc, body, AbortReason.UnexpectedPduParameter);

        // A transfer syntax sub-item (40H) at the top of the variable field.
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), new PduBytes().Item(0x40, "1.2"), PduBytes.PresentationContextRqItem(), PduBytes.MinimalUserInformationItem()),
            AbortReason.UnexpectedPduParameter);

        // An abstract syntax sub-item (30H) in an accept's presentation context.
        byte[] withAbstract = new PduBytes().Item(0x21, new PduBytes().U8(1, 0, 0, 0).Item(0x30, "1.2").Item(0x40, "1.2.840.10008.1.2"));
        body = PduBytes.AssociateFixedFields().Raw(PduBytes.ApplicationContextItem()).Raw(withAbstract).Raw(PduBytes.MinimalUserInformationItem());
        AssertFormatError(PduType.AssociateAc, body, AbortReason.UnexpectedPduParameter);

        // An application context item inside the user information.
        byte[] userInformation = new PduBytes().Item(0x50, new PduBytes().Item(0x51, new PduBytes().U32(0)).Raw(PduBytes.ApplicationContextItem()));
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), PduBytes.PresentationContextRqItem(), userInformation),
            AbortReason.UnexpectedPduParameter);
    }

    [Fact]
    public void UserIdentitySubItemsOfTheWrongDirection_AreUnexpectedParameters()
    {
        byte[] identityRq = new PduBytes().Item(0x50, new PduBytes().Item(0x51, new PduBytes().U32(0)).Item(0x58, new PduBytes().U8(1, 0).U16(1).Ascii("u").U16(0)));
        byte[] acBody = PduBytes.AssociateFixedFields().Raw(PduBytes.ApplicationContextItem())
            .Item(0x21, new PduBytes().U8(1, 0, 0, 0).Item(0x40, "1.2.840.10008.1.2")).Raw(identityRq);
        AssertFormatError(PduType.AssociateAc, acBody, AbortReason.UnexpectedPduParameter);

        byte[] identityAc = new PduBytes().Item(0x50, new PduBytes().Item(0x51, new PduBytes().U32(0)).Item(0x59, new PduBytes().U16(0)));
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), PduBytes.PresentationContextRqItem(), identityAc),
            AbortReason.UnexpectedPduParameter);
    }

    [Fact]
    public void RepeatedSingleItems_AreUnexpectedParameters()
    {
        AssertFormatError(PduType.AssociateRq,
            RqBody(PduBytes.ApplicationContextItem(), PduBytes.ApplicationContextItem(), PduBytes.PresentationContextRqItem(), PduBytes.MinimalUserInformationItem()),
            AbortReason.UnexpectedPduParameter);
        AssertFormatError(PduType.AssociateRq,
            RqBody(PduBytes.ApplicationContextItem(), PduBytes.PresentationContextRqItem(), PduBytes.MinimalUserInformationItem(), PduBytes.MinimalUserInformationItem()),
            AbortReason.UnexpectedPduParameter);
        byte[] twoMaximumLengths = new PduBytes().Item(0x50, new PduBytes().Item(0x51, new PduBytes().U32(0)).Item(0x51, new PduBytes().U32(1)));
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), PduBytes.PresentationContextRqItem(), twoMaximumLengths),
            AbortReason.UnexpectedPduParameter);
        byte[] twoAbstractSyntaxes = new PduBytes().Item(0x20, new PduBytes().U8(1, 0, 0, 0).Item(0x30, "1.2").Item(0x30, "1.3").Item(0x40, "1.2.840.10008.1.2"));
        AssertFormatError(PduType.AssociateRq, RqBody(PduBytes.ApplicationContextItem(), twoAbstractSyntaxes, PduBytes.MinimalUserInformationItem()),
            AbortReason.UnexpectedPduParameter);
    }

    [Fact]
    public void EveryTruncationAndCorruption_GivesAPduOrAFormatError()
    {
        // Whatever the bytes, the parser returns a PDU or throws PduFormatException, never anything else
        // (no out-of-range read from trusting a length).
        var rq = new AssociateRq
        {
            CalledAeTitle = "ARCHIVE",
            CallingAeTitle = "MODALITY1",
            PresentationContexts = [new PresentationContextRq(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"])],
            UserInformation = new UserInformation
            {
                MaximumLength = 16384,
                ImplementationClassUid = "1.2.3.4",
                AsynchronousOperationsWindow = new AsynchronousOperationsWindow(2, 2),
                RoleSelections = [new RoleSelection("1.2.3", true, true)],
                SopClassExtendedNegotiations = [new SopClassExtendedNegotiation("1.2.3", [1, 2])],
                SopClassCommonExtendedNegotiations = [new SopClassCommonExtendedNegotiation("1.2.3", "1.2.4", ["1.2.5"])],
                UserIdentity = new UserIdentityRq(2, true, [1, 2, 3], [4, 5]),
                UnknownSubItems = [new UnknownItem(0x70, [7])],
            },
        };
        var cases = new List<(PduType Type, byte[] Body)>
        {
            (PduType.AssociateRq, PduWriter.Write(rq)[6..]),
            (PduType.AssociateAc, PduWriter.Write(RoundTripTests.SimpleAc())[6..]),
            (PduType.PDataTf, PduWriter.Write(new PDataTf([new PresentationDataValue(1, 3, new byte[] { 1, 2, 3 }), new PresentationDataValue(3, 0, new byte[] { 4 })]))[6..]),
        };
        var random = new Random(1234);
        foreach ((PduType type, byte[] body) in cases)
        {
            for (int length = 0; length <= body.Length; length++)
                ParseOrFormatError(type, body[..length]);
            for (int i = 0; i < 2000; i++)
            {
                byte[] corrupt = (byte[])body.Clone();
                for (int flips = random.Next(1, 4); flips > 0; flips--) corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
                ParseOrFormatError(type, corrupt);
            }
        }
    }

    private static void ParseOrFormatError(PduType type, byte[] body)
    {
        try
        {
            PduReader.Parse(type, body);
        }
        catch (PduFormatException)
        {
        }
    }
}
