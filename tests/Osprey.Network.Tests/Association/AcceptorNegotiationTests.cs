using Osprey.Network.Association;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;
using Osprey.Network.Services;

namespace Osprey.Network.Tests.Association;

/// <summary>The acceptor's answers as a table (PS3.7 §D.3.3.4 roles; PS3.8 §9.3.4 refusals), without a network.</summary>
public sealed class AcceptorNegotiationTests
{
    private const string Ct = "1.2.840.10008.5.1.4.1.1.2";
    private const string Ex = "1.2.840.10008.1.2.1";

    private sealed class Storage : IDimseService
    {
        public IReadOnlyCollection<string> SopClassUids { get; } = [Ct];
        public IReadOnlyCollection<string> TransferSyntaxes(string sopClassUid) => [Ex];
        public IReadOnlyCollection<DimseCommandField> Commands { get; } = [DimseCommandField.CStoreRq];
        public Task HandleAsync(DimseRequest request, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static AssociateRq Request(RoleSelection? role, string called = "OSPREY", string context = "1.2.840.10008.3.1.1.1") => new()
    {
        CalledAeTitle = called,
        CallingAeTitle = "SCU",
        ApplicationContextName = context,
        PresentationContexts = [new PresentationContextRq(1, Ct, [Ex])],
        UserInformation = new UserInformation { MaximumLength = 16384, RoleSelections = role is null ? [] : [role] },
    };

    // proposed item (null: none; else SCU, SCP), allowed roles -> accepted, reply SCU, reply SCP (null: no reply item)
    public static TheoryData<bool?, bool?, RequestorRoles, bool, bool?, bool?> Roles => new()
    {
        { null, null, RequestorRoles.Both, true, null, null },
        { null, null, RequestorRoles.Scp, false, null, null },      // no item means SCU, which is not allowed
        { true, true, RequestorRoles.Both, true, true, true },
        { true, true, RequestorRoles.Scp, true, false, true },      // C-GET receiver that may not store
        { true, true, RequestorRoles.Scu, true, true, false },
        { false, true, RequestorRoles.Scu, false, false, false },   // it only offers the role it may not take
        { true, false, RequestorRoles.None, false, false, false },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public void Roles_are_answered_as_proposed_and_allowed(bool? scu, bool? scp, RequestorRoles allowed, bool accepted, bool? replyScu, bool? replyScp)
    {
        var request = Request(scu is null ? null : new RoleSelection(Ct, scu.Value, scp!.Value));
        var policy = new AcceptorPolicy { CalledAeTitles = ["OSPREY"], Roles = _ => allowed };
        Assert.Null(AcceptorNegotiation.Refusal(request, policy));
        var agreement = AcceptorNegotiation.Accept(request, policy, new ServiceRegistry().Add(new Storage()), "1.2.3", "TEST");
        var context = Assert.Single(agreement.Accept.PresentationContexts);
        Assert.Equal(accepted ? PresentationContextResult.Acceptance : PresentationContextResult.AbstractSyntaxNotSupported, context.Result);
        Assert.Equal(accepted ? 1 : 0, agreement.Contexts.Count);
        var reply = agreement.Accept.UserInformation.RoleSelections.SingleOrDefault();
        Assert.Equal(replyScu, reply?.ScuRole);
        Assert.Equal(replyScp, reply?.ScpRole);
    }

    [Fact]
    public void Refusals_come_in_the_standards_order_with_their_reasons()
    {
        var policy = new AcceptorPolicy { CalledAeTitles = ["OSPREY"] };
        Assert.Equal(AssociateRjReason.ServiceUserCalledAeTitleNotRecognized, AcceptorNegotiation.Refusal(Request(null, called: "OTHER"), policy)!.Reason);
        Assert.Equal(AssociateRjReason.ServiceUserApplicationContextNameNotSupported, AcceptorNegotiation.Refusal(Request(null, context: "1.2.3"), policy)!.Reason);
        var denied = policy with { Rejection = AssociationRejection.CallingAeTitleNotRecognized("not a known device") };
        Assert.Equal(AssociateRjReason.ServiceUserCallingAeTitleNotRecognized, AcceptorNegotiation.Refusal(Request(null), denied)!.Reason);
        Assert.Equal(AssociateRjResult.RejectedTransient, AcceptorNegotiation.LimitExceeded.Result);
    }
}
