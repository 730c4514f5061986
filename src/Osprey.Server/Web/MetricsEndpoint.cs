using Osprey.Server.Hosting;
using Prometheus;

namespace Osprey.Server.Web;

/// <summary>
/// <c>GET /metrics</c>: this node's counters and histogram (<see cref="NodeCounters"/>) in the
/// Prometheus text exposition format, for scrapers. It needs the same login as the API — an API token
/// (<c>Authorization: Bearer</c>, as Prometheus' <c>authorization</c> scrape setting sends) or a
/// session — and answers 401 without, rather than the login page's redirect.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointConventionBuilder Map(WebApplication app)
    {
        var registry = app.Services.GetRequiredService<NodeActivity>().Counters.Registry;
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), branch => branch.Use((context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true) return next(context);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Task.CompletedTask;
        }));
        // Anonymous to the authorization middleware (whose challenge would redirect to the login
        // page); the check above refuses what is not authenticated.
        return app.MapMetrics(Path, registry).AllowAnonymous();
    }
}
