using System.Buffers;

namespace Osprey.Network.Tests.Pdu;

using Osprey.Network.Pdu;

/// <summary>Write then parse, for every PDU and every user information sub-item (PS3.8 §9.3, PS3.7 D.3.3).</summary>
public class RoundTripTests
{
    internal static AssociateRq SimpleRq() => new()
    {
        CalledAeTitle = "ARCHIVE",
        CallingAeTitle = "MODALITY1",
        PresentationContexts = [new PresentationContextRq(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])],
        UserInformation = new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4", ImplementationVersionName = "OSPREY_1" },
    };

    internal static AssociateAc SimpleAc() => new()
    {
        CalledAeTitle = "ARCHIVE",
        CallingAeTitle = "MODALITY1",
        PresentationContexts = [new PresentationContextAc(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2")],
        UserInformation = new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4" },
    };

    private static T RoundTrip<T>(T pdu) where T : Pdu
    {
        byte[] bytes = PduWriter.Write(pdu);
        Assert.True(PduReader.TryReadHeader(bytes, out byte type, out uint length));
        Assert.True(PduReader.IsKnownType(type));
        Assert.Equal(bytes.Length - PduReader.HeaderLength, (int)length);
        return Assert.IsType<T>(PduReader.Parse((PduType)type, bytes.AsMemory(PduReader.HeaderLength)));
    }

    [Fact]
    public void AssociateRq_WithEverySubItem()
    {
        var rq = new AssociateRq
        {
            CalledAeTitle = "STORESCP",
            CallingAeTitle = "A",
            PresentationContexts =
            [
                new PresentationContextRq(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]),
                new PresentationContextRq(3, "1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.4.50"]),
                new PresentationContextRq(255, "1.2.840.10008.5.1.4.1.2.2.3", ["1.2.840.10008.1.2.1"]),
            ],
            UserInformation = new UserInformation
            {
                MaximumLength = 0,
                ImplementationClassUid = "1.2.826.0.1.3680043.10.1234",
                ImplementationVersionName = "OSPREY_0.1",
                AsynchronousOperationsWindow = new AsynchronousOperationsWindow(0, 1),
                RoleSelections =
                [
                    new RoleSelection("1.2.840.10008.5.1.4.1.1.2", ScuRole: false, ScpRole: true),
                    new RoleSelection("1.2.840.10008.5.1.4.1.1.4", ScuRole: true, ScpRole: true),
                ],
                SopClassExtendedNegotiations =
                [
                    new SopClassExtendedNegotiation("1.2.840.10008.5.1.4.1.2.2.1", [1, 1, 0, 1]),
                    new SopClassExtendedNegotiation("1.2.840.10008.5.1.4.1.1.2", []),
                ],
                SopClassCommonExtendedNegotiations =
                [
                    new SopClassCommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.88.40", "1.2.840.10008.4.2", ["1.2.840.10008.5.1.4.1.1.88.22", "1.2.840.10008.5.1.4.1.1.88.11"]),
                    new SopClassCommonExtendedNegotiation("1.2.840.10008.5.1.4.1.1.7.1", "1.2.840.10008.4.2", []),
                ],
                UserIdentity = new UserIdentityRq(UserIdentityType.JsonWebToken, true, new byte[300], []),
                UnknownSubItems = [new UnknownItem(0x5A, []), new UnknownItem(0xFF, [1, 2, 3])],
            },
        };
        Assert.Equal(rq, RoundTrip(rq));
    }

    [Fact]
    public void AssociateAc_WithEverySubItemOfAnAccept()
    {
        var ac = new AssociateAc
        {
            ProtocolVersion = 1,
            CalledAeTitle = "STORESCP",
            CallingAeTitle = "A",
            PresentationContexts =
            [
                new PresentationContextAc(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2"),
                new PresentationContextAc(3, PresentationContextResult.UserRejection, ""),
                new PresentationContextAc(5, PresentationContextResult.NoReason, ""),
                new PresentationContextAc(7, PresentationContextResult.AbstractSyntaxNotSupported, ""),
                new PresentationContextAc(9, PresentationContextResult.TransferSyntaxesNotSupported, ""),
            ],
            UserInformation = new UserInformation
            {
                MaximumLength = 65536,
                ImplementationClassUid = "1.2.3.4.5",
                ImplementationVersionName = "X",
                AsynchronousOperationsWindow = new AsynchronousOperationsWindow(1, 1),
                RoleSelections = [new RoleSelection("1.2.840.10008.5.1.4.1.1.2", ScuRole: false, ScpRole: false)],
                SopClassExtendedNegotiations = [new SopClassExtendedNegotiation("1.2.840.10008.5.1.4.1.2.2.1", [1])],
                UserIdentityResponse = new UserIdentityAc([9, 8, 7]),
                UnknownSubItems = [new UnknownItem(0x60, [0x42])],
            },
        };
        Assert.Equal(ac, RoundTrip(ac));
    }

    [Fact]
    public void AssociateRq_WithUserIdentityWithoutPositiveResponse_AndAnEmptyUserInformation()
    {
        var rq = SimpleRq() with
        {
            ProtocolVersion = 3,
            ApplicationContextName = "1.2.3.999",
            UserInformation = new UserInformation
            {
                UserIdentity = new UserIdentityRq(UserIdentityType.Username, false, "jdoe"u8.ToArray(), []),
            },
        };
        Assert.Equal(rq, RoundTrip(rq));
        Assert.Equal(new AssociateAc
        {
            CalledAeTitle = "B",
            CallingAeTitle = "C",
            PresentationContexts = [new PresentationContextAc(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2")],
            UserInformation = new UserInformation(),
        }, RoundTrip(new AssociateAc
        {
            CalledAeTitle = "B",
            CallingAeTitle = "C",
            PresentationContexts = [new PresentationContextAc(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2")],
            UserInformation = new UserInformation(),
        }));
    }

    [Theory]
    [InlineData(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserNoReasonGiven)]
    [InlineData(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserApplicationContextNameNotSupported)]
    [InlineData(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserCallingAeTitleNotRecognized)]
    [InlineData(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceProviderAcse, AssociateRjReason.ProviderAcseNoReasonGiven)]
    [InlineData(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceProviderAcse, AssociateRjReason.ProviderAcseProtocolVersionNotSupported)]
    [InlineData(AssociateRjResult.RejectedTransient, AssociateRjSource.ServiceProviderPresentation, AssociateRjReason.ProviderPresentationTemporaryCongestion)]
    [InlineData(AssociateRjResult.RejectedTransient, AssociateRjSource.ServiceProviderPresentation, AssociateRjReason.ProviderPresentationLocalLimitExceeded)]
    public void AssociateRj(AssociateRjResult result, AssociateRjSource source, byte reason)
    {
        var rj = new AssociateRj(result, source, reason);
        Assert.Equal(rj, RoundTrip(rj));
    }

    [Theory]
    [InlineData(AbortSource.ServiceUser, AbortReason.NotSpecified)]
    [InlineData(AbortSource.ServiceProvider, AbortReason.UnrecognizedPdu)]
    [InlineData(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu)]
    [InlineData(AbortSource.ServiceProvider, AbortReason.UnrecognizedPduParameter)]
    [InlineData(AbortSource.ServiceProvider, AbortReason.UnexpectedPduParameter)]
    [InlineData(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue)]
    public void Abort(AbortSource source, byte reason)
    {
        var abort = new Abort(source, reason);
        Assert.Equal(abort, RoundTrip(abort));
    }

    [Fact]
    public void ReleaseRqAndRp()
    {
        Assert.Equal(new ReleaseRq(), RoundTrip(new ReleaseRq()));
        Assert.Equal(new ReleaseRp(), RoundTrip(new ReleaseRp()));
    }

    [Fact]
    public void PDataTf_ValuesAreSlicesOfTheBody()
    {
        byte[] big = new byte[70000];
        new Random(7).NextBytes(big);
        var pdu = new PDataTf(
        [
            new PresentationDataValue(1, PresentationDataValue.Header(command: true, last: true), new byte[] { 1, 2, 3, 4 }),
            new PresentationDataValue(1, PresentationDataValue.Header(command: false, last: false), big),
            new PresentationDataValue(1, PresentationDataValue.Header(command: false, last: true), ReadOnlyMemory<byte>.Empty),
        ]);
        byte[] bytes = PduWriter.Write(pdu);
        ReadOnlyMemory<byte> body = bytes.AsMemory(PduReader.HeaderLength);
        var parsed = Assert.IsType<PDataTf>(PduReader.Parse(PduType.PDataTf, body));
        Assert.Equal(pdu, parsed);
        Assert.True(parsed.Values[0].IsCommand && parsed.Values[0].IsLastFragment);
        Assert.False(parsed.Values[1].IsCommand || parsed.Values[1].IsLastFragment);

        // No copy: the second value's data is the body's memory, 4 + 2 + 4 (first item) + 4 + 2 bytes in.
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(parsed.Values[1].Data, out ArraySegment<byte> segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal(PduReader.HeaderLength + 10 + 6, segment.Offset);
    }

    [Fact]
    public void WriteToABufferWriter_GivesTheSameBytes()
    {
        Pdu[] pdus =
        [
            SimpleRq(), SimpleAc(), new AssociateRj(AssociateRjResult.RejectedTransient, AssociateRjSource.ServiceProviderPresentation, 1),
            new PDataTf([new PresentationDataValue(1, 3, new byte[] { 5, 6 })]), new ReleaseRq(), new ReleaseRp(), new Abort(AbortSource.ServiceUser, 0),
        ];
        var buffer = new ArrayBufferWriter<byte>(1);
        var expected = new List<byte>();
        foreach (Pdu pdu in pdus)
        {
            PduWriter.Write(pdu, buffer);
            expected.AddRange(PduWriter.Write(pdu));
        }
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Equality_IsByValue()
    {
        Assert.Equal(SimpleRq(), SimpleRq());
        Assert.Equal(SimpleRq().GetHashCode(), SimpleRq().GetHashCode());
        Assert.NotEqual(SimpleRq(), SimpleRq() with { PresentationContexts = [new PresentationContextRq(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2.1"])] });
        Assert.NotEqual(SimpleAc(), SimpleAc() with { UserInformation = SimpleAc().UserInformation with { MaximumLength = 1 } });
        Assert.Equal(new UnknownItem(0x60, [1, 2]), new UnknownItem(0x60, [1, 2]));
        Assert.NotEqual(new UnknownItem(0x60, [1, 2]), new UnknownItem(0x60, [1, 3]));
        Assert.Equal(new UserIdentityRq(1, true, [1], []).GetHashCode(), new UserIdentityRq(1, true, [1], []).GetHashCode());
    }
}
