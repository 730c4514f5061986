namespace Osprey.Server.Web.Security;

/// <summary>
/// A user who still has the initial password may do nothing but choose a new one (or log out):
/// pages send them to <c>/account/password</c>, the API answers 403.
/// </summary>
public sealed class PasswordChangeRequired(RequestDelegate next, WebUserStore users)
{
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (context.User.Identity is { IsAuthenticated: true, Name: { } name }
            && users.MustChangePassword(name)
            && !path.StartsWithSegments("/account/password", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/logout", StringComparison.OrdinalIgnoreCase)
            && !path.StartsWithSegments("/osprey.css", StringComparison.OrdinalIgnoreCase))
        {
            if (path.StartsWithSegments("/api"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return context.Response.WriteAsJsonAsync(new { error = "the initial password must be changed first (/account/password)" });
            }
            context.Response.Redirect("/account/password");
            return Task.CompletedTask;
        }
        return next(context);
    }
}
