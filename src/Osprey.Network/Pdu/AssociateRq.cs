namespace Osprey.Network.Pdu;

/// <summary>
/// A-ASSOCIATE-RQ PDU (PS3.8 §9.3.2): the association requestor's protocol version, AE titles,
/// application context, proposed presentation contexts and user information.
/// </summary>
public sealed record AssociateRq : Pdu
{
    public override PduType Type => PduType.AssociateRq;

    /// <summary>Protocol-version field; bit 0 set means version 1, the only one defined.</summary>
    public ushort ProtocolVersion { get; init; } = 1;

    /// <summary>The AE title of the acceptor being called (at most 16 characters; spaces trimmed on read).</summary>
    public required string CalledAeTitle { get; init; }

    /// <summary>The AE title of the requestor (at most 16 characters; spaces trimmed on read).</summary>
    public required string CallingAeTitle { get; init; }

    /// <summary>The application context name (PS3.8 §9.3.2.1, PS3.7 Annex A); DICOM defines only this one.</summary>
    public string ApplicationContextName { get; init; } = AssociateRq.DicomApplicationContextName;

    public required IReadOnlyList<PresentationContextRq> PresentationContexts { get; init; }

    public required UserInformation UserInformation { get; init; }

    /// <summary>The DICOM Application Context Name (PS3.7 Annex A.2.1).</summary>
    public const string DicomApplicationContextName = "1.2.840.10008.3.1.1.1";

    public bool Equals(AssociateRq? other) =>
        other is not null
        && ProtocolVersion == other.ProtocolVersion
        && CalledAeTitle == other.CalledAeTitle
        && CallingAeTitle == other.CallingAeTitle
        && ApplicationContextName == other.ApplicationContextName
        && Structural.ListEquals(PresentationContexts, other.PresentationContexts)
        && UserInformation.Equals(other.UserInformation);

    public override int GetHashCode() =>
        HashCode.Combine(ProtocolVersion, CalledAeTitle, CallingAeTitle, ApplicationContextName,
            Structural.ListHash(PresentationContexts), UserInformation);
}
