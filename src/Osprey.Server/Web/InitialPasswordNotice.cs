namespace Osprey.Server.Web;

/// <summary>The initial password of user <c>admin</c> when this start created it (else null), and the file that holds it.</summary>
public sealed record InitialPasswordNotice(string? Password, string FilePath);
