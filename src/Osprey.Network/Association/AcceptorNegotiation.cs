using Osprey.Network.Pdu;
using Osprey.Network.Services;

namespace Osprey.Network.Association;

/// <summary>
/// The acceptor's answer to an A-ASSOCIATE-RQ as pure functions (PS3.8 §7.1, §9.3.2–9.3.4; PS3.7
/// Annex D.3.3): first whether to refuse it at all, then, for one that is accepted, the A-ASSOCIATE-AC
/// (presentation contexts, SCP/SCU roles, asynchronous operations window, extended negotiation, user
/// identity response) and the contexts as the services will see them.
/// </summary>
public static class AcceptorNegotiation
{
    /// <summary>What an accepted association agreed on.</summary>
    public sealed record Agreement(AssociateAc Accept, IReadOnlyList<AcceptedPresentationContext> Contexts, IReadOnlyDictionary<string, byte[]> ExtendedNegotiation);

    /// <summary>The rejection an A-ASSOCIATE-RQ gets before anything is negotiated, or null: called AE title, the policy's verdict, application context.</summary>
    public static AssociationRejection? Refusal(AssociateRq request, AcceptorPolicy policy)
    {
        if (!policy.CalledAeTitles.Contains(request.CalledAeTitle))
            return new AssociationRejection(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserCalledAeTitleNotRecognized,
                "called AE title not recognized: it is neither the Storage nor the Archive Query AE title");
        if (policy.Rejection is { } refused)
            return refused;
        if (request.ApplicationContextName != "1.2.840.10008.3.1.1.1")
            return new AssociationRejection(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserApplicationContextNameNotSupported,
                $"application context name {request.ApplicationContextName} not supported");
        return null;
    }

    /// <summary>The rejection for an association beyond the limit (PS3.8 §9.3.4: transient, local-limit-exceeded).</summary>
    public static AssociationRejection LimitExceeded { get; } = new(AssociateRjResult.RejectedTransient, AssociateRjSource.ServiceProviderPresentation,
        AssociateRjReason.ProviderPresentationLocalLimitExceeded, "local limit exceeded: Dicom:MaxAssociations associations are open");

    /// <summary>The A-ASSOCIATE-AC for <paramref name="request"/>, which <see cref="Refusal"/> let through.</summary>
    public static Agreement Accept(AssociateRq request, AcceptorPolicy policy, ServiceRegistry services, string implementationClassUid, string implementationVersionName)
    {
        var proposed = request.UserInformation;
        // The roles each SOP class's role selection item proposes (the first item counts); without
        // one the requestor is SCU only. The policy may allow fewer.
        var proposedRoles = new Dictionary<string, RoleSelection>();
        foreach (var role in proposed.RoleSelections) proposedRoles.TryAdd(role.SopClassUid, role);
        RequestorRoles Allowed(string sopClass) => policy.Roles?.Invoke(sopClass) ?? RequestorRoles.Both;
        // A context is negotiable when a service handles its abstract syntax and the requestor may take
        // at least one role it proposes for it; otherwise abstract-syntax-not-supported (PS3.8 §9.3.3.2),
        // so a device learns what it may not do at negotiation, not in the middle of a transfer.
        IReadOnlyCollection<string>? Negotiable(string sopClass)
        {
            if (services.TransferSyntaxesFor(sopClass) is not { } syntaxes) return null;
            var allowed = Allowed(sopClass);
            bool scu = !proposedRoles.TryGetValue(sopClass, out var item) || item.ScuRole;
            bool scp = item?.ScpRole ?? false;
            return (scu && allowed.HasFlag(RequestorRoles.Scu)) || (scp && allowed.HasFlag(RequestorRoles.Scp)) ? syntaxes : null;
        }
        var contexts = PresentationContextNegotiator.Negotiate(request.PresentationContexts, Negotiable, policy.PreferredTransferSyntax);

        // PS3.7 §D.3.3.4: for a SOP class we serve, each role the requestor proposes is accepted by
        // returning it when allowed: SCU as always, and SCP when it wants our requests of that class
        // (C-GET's C-STORE sub-operations). A role it did not propose stays 0; an item for a SOP class
        // we do not serve is left out (default roles), and none is returned when none was proposed.
        var roles = new List<RoleSelection>();
        foreach (var role in proposedRoles.Values)
        {
            if (services.TransferSyntaxesFor(role.SopClassUid) == null) continue;
            var allowed = Allowed(role.SopClassUid);
            roles.Add(new RoleSelection(role.SopClassUid, role.ScuRole && allowed.HasFlag(RequestorRoles.Scu), role.ScpRole && allowed.HasFlag(RequestorRoles.Scp)));
        }
        var accepted = new List<AcceptedPresentationContext>();
        foreach (var ac in contexts.Where(c => c.Result == PresentationContextResult.Acceptance))
        {
            var rq = request.PresentationContexts.First(p => p.Id == ac.Id);
            var role = roles.Find(r => r.SopClassUid == rq.AbstractSyntax);
            accepted.Add(new AcceptedPresentationContext(ac.Id, rq.AbstractSyntax, ac.TransferSyntax, role?.ScuRole ?? true, role?.ScpRole ?? false));
        }

        // PS3.7 §D.3.3.5: the service of each SOP class we accepted answers its extended negotiation.
        var extended = new Dictionary<string, byte[]>();
        foreach (var item in proposed.SopClassExtendedNegotiations)
        {
            if (extended.ContainsKey(item.SopClassUid) || !accepted.Exists(c => c.AbstractSyntax == item.SopClassUid)) continue;
            if (services.NegotiateExtended(item.SopClassUid, item.ApplicationInformation) is { } answer) extended[item.SopClassUid] = answer;
        }
        var user = new UserInformation
        {
            MaximumLength = policy.MaxPduLength,
            ImplementationClassUid = implementationClassUid,
            ImplementationVersionName = implementationVersionName,
            // PS3.7 §D.3.3.3: we perform one operation at a time, whatever the requestor may invoke.
            AsynchronousOperationsWindow = proposed.AsynchronousOperationsWindow != null ? new AsynchronousOperationsWindow(1, 1) : null,
            RoleSelections = roles,
            SopClassExtendedNegotiations = [.. extended.Select(e => new SopClassExtendedNegotiation(e.Key, e.Value))],
            UserIdentityResponse = policy.UserIdentityResponse,
        };
        var accept = new AssociateAc
        {
            CalledAeTitle = request.CalledAeTitle,
            CallingAeTitle = request.CallingAeTitle,
            ApplicationContextName = request.ApplicationContextName,
            PresentationContexts = contexts,
            UserInformation = user,
        };
        return new Agreement(accept, [.. accepted.OrderBy(c => c.Id)], extended);
    }
}
