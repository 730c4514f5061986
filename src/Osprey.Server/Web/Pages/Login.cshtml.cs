using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Osprey.Server.Web.Security;

namespace Osprey.Server.Web.Pages;

/// <summary>The login form: a session cookie for a user of <see cref="WebUserStore"/>, failures throttled per address (<see cref="LoginThrottle"/>).</summary>
public sealed class LoginModel(WebUserStore users, LoginThrottle throttle, ILogger<LoginModel> log) : PageModel
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "?";
        var wait = throttle.RetryAfter(address);
        if (wait > TimeSpan.Zero)
        {
            Error = $"Too many failed logins from this address: try again in {Math.Ceiling(wait.TotalMinutes)} minute(s).";
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        if (users.Verify(UserName, Password) is not { } user)
        {
            throttle.Failed(address);
            log.LogWarning("web: failed login user=\"{User}\" peer={Peer}", UserName, address);
            Error = "Wrong user name or password.";
            return Page();
        }
        throttle.Succeeded(address);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name)], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        log.LogInformation("web: login user=\"{User}\" peer={Peer}", user.Name, address);
        if (user.MustChangePassword) return Redirect("/account/password");
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/status");
    }
}
