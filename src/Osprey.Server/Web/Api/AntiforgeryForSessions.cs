using Microsoft.AspNetCore.Antiforgery;
using Osprey.Server.Web.Security;

namespace Osprey.Server.Web.Api;

/// <summary>
/// A request of the API that changes something (not GET/HEAD) and is authenticated by the session
/// cookie must carry the anti-forgery token, as a form would: a cookie goes with every request the
/// browser makes, even one another site provokes. A bearer token is not sent by browsers on their own.
/// </summary>
public sealed class AntiforgeryForSessions(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !ApiTokenAuthentication.HasBearer(http.Request))
        {
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return Results.Json(new { error = "missing or invalid anti-forgery token (header X-CSRF-TOKEN)" }, statusCode: StatusCodes.Status400BadRequest);
            }
        }
        return await next(context);
    }
}
