using Osprey.Network.Pdu;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Client;

/// <summary>The peer rejected the association (PS3.8 §9.3.4); the message says why in words.</summary>
public sealed class AssociationRejectedException(AssociateRj rejection)
    : Exception($"association rejected ({(rejection.Result == AssociateRjResult.RejectedPermanent ? "permanent" : "transient")}): {Describe(rejection)}")
{
    public AssociateRj Rejection { get; } = rejection;

    public static string Describe(AssociateRj rj) => (rj.Source, rj.Reason) switch
    {
        (AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserNoReasonGiven) => "no reason given",
        (AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserApplicationContextNameNotSupported) => "application context name not supported",
        (AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserCallingAeTitleNotRecognized) => "calling AE title not recognized",
        (AssociateRjSource.ServiceUser, AssociateRjReason.ServiceUserCalledAeTitleNotRecognized) => "called AE title not recognized",
        (AssociateRjSource.ServiceProviderAcse, AssociateRjReason.ProviderAcseProtocolVersionNotSupported) => "protocol version not supported",
        (AssociateRjSource.ServiceProviderPresentation, AssociateRjReason.ProviderPresentationTemporaryCongestion) => "temporary congestion",
        (AssociateRjSource.ServiceProviderPresentation, AssociateRjReason.ProviderPresentationLocalLimitExceeded) => "local limit exceeded",
        _ => $"source {(byte)rj.Source}, reason {rj.Reason}",
    };
}

/// <summary>The association ended without a normal release: an A-ABORT, a closed connection, or a timer.</summary>
public sealed class AssociationAbortedException(string reason, AssociationOutcome? outcome = null) : Exception(reason)
{
    /// <summary>An association that the upper layer ended, with its outcome as the message.</summary>
    public AssociationAbortedException(AssociationOutcome outcome)
        : this(outcome.ToString(), outcome)
    {
    }

    /// <summary>How the upper layer ended the association; null when the reason is the caller's own (a wait given up).</summary>
    public AssociationOutcome? Outcome { get; } = outcome;
}
