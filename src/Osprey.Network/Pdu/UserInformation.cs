namespace Osprey.Network.Pdu;

/// <summary>
/// The user information item (50H) of an A-ASSOCIATE-RQ or -AC (PS3.8 §9.3.2.3, §9.3.3.3) and its sub-items
/// (PS3.8 Annex D.1, PS3.7 Annex D.3.3). Each property is one sub-item; null or empty means absent, except
/// <see cref="MaximumLength"/>, which is always written.
/// </summary>
public sealed record UserInformation
{
    /// <summary>Maximum Length sub-item (51H, PS3.8 D.1): the largest P-DATA-TF variable field the sender accepts; 0 means no limit.</summary>
    public uint MaximumLength { get; init; }

    /// <summary>Implementation Class UID sub-item (52H, PS3.7 D.3.3.2); the standard requires it in both directions.</summary>
    public string? ImplementationClassUid { get; init; }

    /// <summary>Implementation Version Name sub-item (55H, PS3.7 D.3.3.2): 1 to 16 characters.</summary>
    public string? ImplementationVersionName { get; init; }

    /// <summary>Asynchronous Operations Window sub-item (53H, PS3.7 D.3.3.3).</summary>
    public AsynchronousOperationsWindow? AsynchronousOperationsWindow { get; init; }

    /// <summary>SCP/SCU Role Selection sub-items (54H, PS3.7 D.3.3.4), one per SOP class.</summary>
    public IReadOnlyList<RoleSelection> RoleSelections { get; init; } = [];

    /// <summary>SOP Class Extended Negotiation sub-items (56H, PS3.7 D.3.3.5), one per SOP class.</summary>
    public IReadOnlyList<SopClassExtendedNegotiation> SopClassExtendedNegotiations { get; init; } = [];

    /// <summary>SOP Class Common Extended Negotiation sub-items (57H, PS3.7 D.3.3.6), one per SOP class.</summary>
    public IReadOnlyList<SopClassCommonExtendedNegotiation> SopClassCommonExtendedNegotiations { get; init; } = [];

    /// <summary>User Identity sub-item of an A-ASSOCIATE-RQ (58H, PS3.7 D.3.3.7.1); only in a request.</summary>
    public UserIdentityRq? UserIdentity { get; init; }

    /// <summary>User Identity sub-item of an A-ASSOCIATE-AC (59H, PS3.7 D.3.3.7.2); only in an accept.</summary>
    public UserIdentityAc? UserIdentityResponse { get; init; }

    /// <summary>Sub-items of types this implementation does not know, kept as received (PS3.8 D.2 asks that they be ignored, not refused).</summary>
    public IReadOnlyList<UnknownItem> UnknownSubItems { get; init; } = [];

    public bool Equals(UserInformation? other) =>
        other is not null
        && MaximumLength == other.MaximumLength
        && ImplementationClassUid == other.ImplementationClassUid
        && ImplementationVersionName == other.ImplementationVersionName
        && Equals(AsynchronousOperationsWindow, other.AsynchronousOperationsWindow)
        && Structural.ListEquals(RoleSelections, other.RoleSelections)
        && Structural.ListEquals(SopClassExtendedNegotiations, other.SopClassExtendedNegotiations)
        && Structural.ListEquals(SopClassCommonExtendedNegotiations, other.SopClassCommonExtendedNegotiations)
        && Equals(UserIdentity, other.UserIdentity)
        && Equals(UserIdentityResponse, other.UserIdentityResponse)
        && Structural.ListEquals(UnknownSubItems, other.UnknownSubItems);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(MaximumLength);
        hash.Add(ImplementationClassUid);
        hash.Add(ImplementationVersionName);
        hash.Add(AsynchronousOperationsWindow);
        hash.Add(Structural.ListHash(RoleSelections));
        hash.Add(Structural.ListHash(SopClassExtendedNegotiations));
        hash.Add(Structural.ListHash(SopClassCommonExtendedNegotiations));
        hash.Add(UserIdentity);
        hash.Add(UserIdentityResponse);
        hash.Add(Structural.ListHash(UnknownSubItems));
        return hash.ToHashCode();
    }
}
