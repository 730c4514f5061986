using Osprey.Server.Hosting;

namespace Osprey.Server.Web.Api;

/// <summary>
/// The JSON API under <c>/api</c>: the operations of the pages, for scripts. Every endpoint needs a
/// session or an API token (401 without); a request that changes something with a session cookie
/// must also carry the anti-forgery token (header <c>X-CSRF-TOKEN</c>), a token-authenticated one need not.
/// </summary>
public static class ApiEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.AddEndpointFilter<AntiforgeryForSessions>();
        api.MapGet("/status", async (OspreyNode node, CancellationToken cancellationToken) => Results.Json(await StatusReport.FromAsync(node, cancellationToken)));
        DevicesApi.Map(api);
        SettingsApi.Map(api);
    }
}
