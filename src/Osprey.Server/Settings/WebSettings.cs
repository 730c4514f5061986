namespace Osprey.Server.Settings;

/// <summary>Section <c>Web</c>: the administration web page.</summary>
public sealed class WebSettings
{
    /// <summary>Absolute http(s) URL the page listens on.</summary>
    public string Address { get; set; } = "http://127.0.0.1:8080";

    /// <summary>User name for the page's login (empty by default).</summary>
    public string User { get; set; } = "";

    /// <summary>Password of <see cref="User"/> (empty by default).</summary>
    public string Password { get; set; } = "";
}
