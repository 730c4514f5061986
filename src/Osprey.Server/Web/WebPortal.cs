using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Osprey.Server.Cli;
using Osprey.Server.Hosting;
using Osprey.Server.Security;
using Osprey.Server.Settings;
using Osprey.Server.Web.Security;

namespace Osprey.Server.Web;

/// <summary>
/// The administration web page of <c>osprey serve</c>: Kestrel on <c>Web:BindAddress</c>:<c>Web:Port</c>
/// (HTTPS with the TLS port's certificate under <c>Web:Https</c>), server-rendered Razor Pages under
/// <c>Web/Pages</c>, and the JSON API under <c>/api</c> (<see cref="Api.ApiEndpoints"/>). Nothing is
/// open without a login: a session cookie (with anti-forgery tokens on every form) or, for scripts,
/// an API token (<see cref="ApiTokenAuthentication"/>).
/// </summary>
public static class WebPortal
{
    /// <summary>The host of <c>osprey serve</c> with the web page beside the DICOM listeners.</summary>
    public static IHost BuildHost(OspreySettings settings, TlsCredentials tls, string dataDirectory, TextWriter stdout, Action<IServiceCollection> configure)
    {
        var web = settings.Web;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Razor Pages are found in this assembly, whichever program hosts it (tests run it in-process).
            ApplicationName = typeof(WebPortal).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        // The settings come from SettingsLoader alone, not from appsettings.json or ASPNETCORE_ variables.
        builder.Configuration.Sources.Clear();
        ServeCommand.ConfigureLogging(builder.Logging, stdout);
        configure(builder.Services);

        var identity = web.Https ? tls.Own ?? throw new SettingsException("Web:Https: needs Dicom:Tls:Certificate") : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Parse(web.BindAddress), web.Port, listen =>
            {
                if (identity != null)
                    listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = identity.Certificate, SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13 });
            });
        });

        var (users, initialPassword) = WebUserStore.Open(Path.GetFullPath(dataDirectory));
        builder.Services.AddSingleton(users);
        builder.Services.AddSingleton(new LoginThrottle());
        builder.Services.AddSingleton(new InitialPasswordNotice(initialPassword, Path.Combine(Path.GetFullPath(dataDirectory), WebUserStore.InitialPasswordFileName)));
        builder.Services.AddHostedService<WebStartupNotice>();

        // Keys of the session and anti-forgery cookies: in the data directory, so sessions survive a
        // restart and nothing is written to the service user's home.
        builder.Services.AddDataProtection()
            .SetApplicationName("osprey")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(dataDirectory), "web-keys")));
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
            o.Conventions.AllowAnonymousToPage("/Login");
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "osprey-antiforgery";
            o.HeaderName = "X-CSRF-TOKEN";
        });
        builder.Services
            .AddAuthentication(o => o.DefaultScheme = SessionOrToken)
            .AddPolicyScheme(SessionOrToken, "session or API token", o => o.ForwardDefaultSelector = context =>
                ApiTokenAuthentication.HasBearer(context.Request) ? ApiTokenAuthentication.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "osprey-session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = web.Https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // The API answers 401/403; only pages are sent to the login form.
                o.Events.OnRedirectToLogin = context => Refuse(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Refuse(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);
        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        var app = builder.Build();
        app.UseAuthentication();
        app.UseMiddleware<PasswordChangeRequired>();
        app.UseAuthorization();
        app.MapGet("/osprey.css", () => Results.Text(Stylesheet.Text, "text/css")).AllowAnonymous();
        app.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        });
        app.MapGet("/", () => Results.Redirect("/status"));
        Api.ApiEndpoints.Map(app.MapGroup("/api"));
        MetricsEndpoint.Map(app);
        app.MapRazorPages();
        return app;
    }

    private const string SessionOrToken = "session-or-token";

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
