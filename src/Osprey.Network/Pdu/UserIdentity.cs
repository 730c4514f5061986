namespace Osprey.Network.Pdu;

/// <summary>
/// User Identity sub-item of an A-ASSOCIATE-RQ (58H, PS3.7 D.3.3.7.1). <see cref="Type"/> is one of
/// <see cref="UserIdentityType"/>; <see cref="SecondaryField"/> (the passcode) is used only by type 2 and is
/// otherwise empty. Equality compares the bytes; <c>ToString</c> does not show them.
/// </summary>
public sealed record UserIdentityRq(byte Type, bool PositiveResponseRequested, byte[] PrimaryField, byte[] SecondaryField)
{
    public bool Equals(UserIdentityRq? other) =>
        other is not null && Type == other.Type && PositiveResponseRequested == other.PositiveResponseRequested
        && PrimaryField.AsSpan().SequenceEqual(other.PrimaryField) && SecondaryField.AsSpan().SequenceEqual(other.SecondaryField);

    public override int GetHashCode() =>
        HashCode.Combine(Type, PositiveResponseRequested, Structural.BytesHash(PrimaryField), Structural.BytesHash(SecondaryField));
}

/// <summary>
/// User Identity sub-item of an A-ASSOCIATE-AC (59H, PS3.7 D.3.3.7.2): the server response (a Kerberos ticket,
/// a SAML response or a JWT), empty for identity types 1 and 2. Equality compares the bytes.
/// </summary>
public sealed record UserIdentityAc(byte[] ServerResponse)
{
    public bool Equals(UserIdentityAc? other) => other is not null && ServerResponse.AsSpan().SequenceEqual(other.ServerResponse);

    public override int GetHashCode() => Structural.BytesHash(ServerResponse);
}

/// <summary>User-Identity-Type values of the user identity sub-item (PS3.7 D.3.3.7.1, Table D.3-14).</summary>
public static class UserIdentityType
{
    public const byte Username = 1;
    public const byte UsernameAndPasscode = 2;
    public const byte KerberosServiceTicket = 3;
    public const byte SamlAssertion = 4;
    public const byte JsonWebToken = 5;
}
