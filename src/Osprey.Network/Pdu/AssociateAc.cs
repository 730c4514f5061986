namespace Osprey.Network.Pdu;

/// <summary>
/// A-ASSOCIATE-AC PDU (PS3.8 §9.3.3): the acceptor's answer to each proposed presentation context and
/// its user information. Bytes 11–42 are reserved fields that echo the AE titles of the A-ASSOCIATE-RQ;
/// they are carried here as <see cref="CalledAeTitle"/> and <see cref="CallingAeTitle"/>.
/// </summary>
public sealed record AssociateAc : Pdu
{
    public override PduType Type => PduType.AssociateAc;

    /// <summary>Protocol-version field; bit 0 set means version 1, the only one defined.</summary>
    public ushort ProtocolVersion { get; init; } = 1;

    /// <summary>The called AE title of the A-ASSOCIATE-RQ, echoed (not to be tested on receipt).</summary>
    public required string CalledAeTitle { get; init; }

    /// <summary>The calling AE title of the A-ASSOCIATE-RQ, echoed (not to be tested on receipt).</summary>
    public required string CallingAeTitle { get; init; }

    /// <summary>The application context name (PS3.8 §9.3.3.1).</summary>
    public string ApplicationContextName { get; init; } = AssociateRq.DicomApplicationContextName;

    public required IReadOnlyList<PresentationContextAc> PresentationContexts { get; init; }

    public required UserInformation UserInformation { get; init; }

    public bool Equals(AssociateAc? other) =>
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
