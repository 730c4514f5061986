using Osprey.Network.Association;
using Osprey.Network.Pdu;
using Osprey.Network.Services;

namespace Osprey.Network.Client;

/// <summary>
/// The requestor's side of negotiation as pure functions (PS3.8 §7.1, PS3.7 Annex D.3.3): the
/// A-ASSOCIATE-RQ its options propose, and what an A-ASSOCIATE-AC granted of it.
/// </summary>
public static class RequestorNegotiation
{
    /// <summary>
    /// The A-ASSOCIATE-RQ for <paramref name="options"/>: one presentation context per proposal (IDs 1,
    /// 3, 5, …), our Maximum Length and implementation, a role selection item (SCU and SCP) per class of
    /// <see cref="ClientOptions.ScpRoleSopClasses"/>, the extended negotiation and user identity asked for.
    /// </summary>
    public static AssociateRq Propose(ClientOptions options)
    {
        byte id = 1;
        return new AssociateRq
        {
            CalledAeTitle = options.CalledAeTitle,
            CallingAeTitle = options.CallingAeTitle,
            PresentationContexts = options.Proposals.Select(p => new PresentationContextRq((byte)((id += 2) - 2), p.AbstractSyntax, p.TransferSyntaxes)).ToList(),
            UserInformation = new UserInformation
            {
                MaximumLength = options.MaxPduLength,
                ImplementationClassUid = OspreyImplementation.ClassUid,
                ImplementationVersionName = OspreyImplementation.VersionName,
                RoleSelections = options.ScpRoleSopClasses.Distinct().Select(uid => new RoleSelection(uid, ScuRole: true, ScpRole: true)).ToList(),
                SopClassExtendedNegotiations = options.ExtendedNegotiations,
                UserIdentity = options.UserIdentity,
            },
        };
    }

    /// <summary>
    /// The accepted contexts with our roles: an answer to a role selection item we proposed gives
    /// them; otherwise (no item, or one we did not propose, which PS3.7 §D.3.3.4 says to ignore) we are SCU only.
    /// </summary>
    public static IReadOnlyList<AcceptedPresentationContext> Accepted(ClientOptions options, AssociateAc ac)
    {
        var result = new List<AcceptedPresentationContext>();
        foreach (var context in ac.PresentationContexts)
        {
            int index = (context.Id - 1) / 2;
            if (context.Result != PresentationContextResult.Acceptance || context.Id % 2 == 0 || index >= options.Proposals.Count) continue;
            var abstractSyntax = options.Proposals[index].AbstractSyntax;
            var role = options.ScpRoleSopClasses.Contains(abstractSyntax)
                ? ac.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == abstractSyntax)
                : null;
            result.Add(new AcceptedPresentationContext(context.Id, abstractSyntax, context.TransferSyntax, role?.ScuRole ?? true, role?.ScpRole ?? false));
        }
        return result;
    }
}
