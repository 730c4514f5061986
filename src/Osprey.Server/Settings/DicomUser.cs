namespace Osprey.Server.Settings;

/// <summary>
/// An entry of <c>Dicom:Users</c>: a user of User Identity negotiation (PS3.7 §D.3.3.7). With a
/// <see cref="PasswordHash"/> the user must give the password (identity type 2); without one the
/// user name alone identifies (type 1), which suits devices that cannot send a password.
/// </summary>
public sealed class DicomUser
{
    /// <summary>The user name, compared exactly.</summary>
    public string Username { get; set; } = "";

    /// <summary>The salted hash of the password, as <c>osprey hash-password</c> prints it; empty: user name only.</summary>
    public string PasswordHash { get; set; } = "";
}
