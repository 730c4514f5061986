using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Osprey.Server.Hosting;

namespace Osprey.Server.Web.Security;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> for scripts calling <c>/api</c>: the token's hash must be
/// one of <c>Web:ApiTokens</c> of the settings in force. A token is a user of its own, "api-token".
/// </summary>
public sealed class ApiTokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, OspreyNode node)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "api-token";
    private const string Bearer = "Bearer ";

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(Bearer, StringComparison.OrdinalIgnoreCase);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)) return Task.FromResult(AuthenticateResult.NoResult());
        var token = header[Bearer.Length..].Trim();
        if (token.Length == 0 || !ApiTokens.Matches(token, node.Settings.Web.ApiTokens))
            return Task.FromResult(AuthenticateResult.Fail("unknown API token"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-token")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
