namespace Osprey.Network.Pdu;

/// <summary>
/// A-ASSOCIATE-RJ PDU (PS3.8 §9.3.4, Table 9-21): the association is refused. <see cref="Reason"/> is read
/// against <see cref="Source"/>; see <see cref="AssociateRjReason"/>. Values outside the enumerations are
/// kept as received.
/// </summary>
public sealed record AssociateRj(AssociateRjResult Result, AssociateRjSource Source, byte Reason) : Pdu
{
    public override PduType Type => PduType.AssociateRj;
}

/// <summary>Result field of the A-ASSOCIATE-RJ PDU (PS3.8 §9.3.4).</summary>
public enum AssociateRjResult : byte
{
    RejectedPermanent = 1,
    RejectedTransient = 2,
}

/// <summary>Source field of the A-ASSOCIATE-RJ PDU (PS3.8 §9.3.4).</summary>
public enum AssociateRjSource : byte
{
    /// <summary>DICOM UL service-user.</summary>
    ServiceUser = 1,

    /// <summary>DICOM UL service-provider, ACSE related function.</summary>
    ServiceProviderAcse = 2,

    /// <summary>DICOM UL service-provider, presentation related function.</summary>
    ServiceProviderPresentation = 3,
}

/// <summary>
/// Reason/Diag. values of the A-ASSOCIATE-RJ PDU (PS3.8 §9.3.4). Their meaning depends on the source, so each
/// name starts with the source it belongs to; the values not named here are reserved.
/// </summary>
public static class AssociateRjReason
{
    // Source 1: DICOM UL service-user.
    public const byte ServiceUserNoReasonGiven = 1;
    public const byte ServiceUserApplicationContextNameNotSupported = 2;
    public const byte ServiceUserCallingAeTitleNotRecognized = 3;
    public const byte ServiceUserCalledAeTitleNotRecognized = 7;

    // Source 2: DICOM UL service-provider (ACSE related function).
    public const byte ProviderAcseNoReasonGiven = 1;
    public const byte ProviderAcseProtocolVersionNotSupported = 2;

    // Source 3: DICOM UL service-provider (presentation related function).
    public const byte ProviderPresentationTemporaryCongestion = 1;
    public const byte ProviderPresentationLocalLimitExceeded = 2;
}
