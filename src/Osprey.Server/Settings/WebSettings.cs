namespace Osprey.Server.Settings;

/// <summary>
/// Section <c>Web</c>: the administration web page (the settings page, devices, status, studies and
/// the JSON API under <c>/api</c>), served by <c>osprey serve</c> itself. It always asks for a login.
/// </summary>
public sealed class WebSettings
{
    /// <summary>Port of the page; <c>0</c> turns it off.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>
    /// IP address the page binds. The default, <c>127.0.0.1</c>, keeps it on this machine; set
    /// <c>0.0.0.0</c> (best with <see cref="Https"/>) to reach it from an administrator's desk.
    /// </summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Serve the page over HTTPS with the certificate of the TLS port (<c>Dicom:Tls:Certificate</c>).</summary>
    public bool Https { get; set; }

    /// <summary>
    /// API tokens for scripts, each as <c>sha256:&lt;hex&gt;</c> of the token (<c>osprey api-token</c>
    /// makes one): a request with <c>Authorization: Bearer &lt;token&gt;</c> is let in without a session.
    /// </summary>
    public List<string> ApiTokens { get; set; } = [];
}
