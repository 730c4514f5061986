using Osprey.Network.Pdu;

namespace Osprey.Network.Association;

/// <summary>
/// An A-ASSOCIATE-RJ the acceptor's policy decided on (PS3.8 §9.3.4: result, source, reason) and why,
/// in words, for the log line of the rejected association.
/// </summary>
public sealed record AssociationRejection(AssociateRjResult Result, AssociateRjSource Source, byte Reason, string Why)
{
    /// <summary>Rejected-permanent, service-user, calling-AE-title-not-recognized.</summary>
    public static AssociationRejection CallingAeTitleNotRecognized(string why) =>
        new(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserCallingAeTitleNotRecognized, why);

    /// <summary>Rejected-permanent, service-user, no-reason-given: what PS3.7 §D.3.3.7 has an acceptor answer to a user identity it does not accept.</summary>
    public static AssociationRejection NoReasonGiven(string why) =>
        new(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserNoReasonGiven, why);
}
