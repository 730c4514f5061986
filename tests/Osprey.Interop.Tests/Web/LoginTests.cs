using System.Net;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Web;

/// <summary>The web page is never open: the initial password, its change, 401 for the API, 400 without the anti-forgery token, throttled guesses.</summary>
public sealed class LoginTests
{
    [Fact]
    public async Task First_start_writes_the_initial_password_0600_and_the_first_login_must_change_it()
    {
        await using var server = OspreyServer.WithWeb();
        var file = Path.Combine(server.DataDirectory, "initial-password");
        Assert.True(OperatingSystem.IsLinux(), "the web tests run on Linux");
        if (OperatingSystem.IsLinux()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var initial = (await File.ReadAllTextAsync(file)).Trim();
        Assert.Contains(initial, await server.WaitForLogLineAsync("first start", "user admin"));

        using var session = WebSession.Anonymous(server);
        await session.PostFormAsync("/login", new() { ["UserName"] = "admin", ["Password"] = initial });
        // Before the change every page leads to the password form, and the API refuses.
        var status = await session.Client.GetAsync("/status");
        Assert.Equal("/account/password", status.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.Client.GetAsync("/api/status")).StatusCode);

        var change = await session.PostFormAsync("/account/password", new() { ["CurrentPassword"] = initial, ["NewPassword"] = WebSession.NewPassword, ["ConfirmPassword"] = WebSession.NewPassword });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.False(File.Exists(file), "the initial password file outlives the change");
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/api/status")).StatusCode);

        // The old password no longer logs in; the new one does.
        using var again = WebSession.Anonymous(server);
        var old = await again.PostFormAsync("/login", new() { ["UserName"] = "admin", ["Password"] = initial });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Contains("Wrong user name or password", await old.Content.ReadAsStringAsync());
        var fresh = await again.PostFormAsync("/login", new() { ["UserName"] = "admin", ["Password"] = WebSession.NewPassword });
        Assert.Equal("/status", fresh.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Without_a_session_the_api_answers_401_and_pages_lead_to_the_login()
    {
        await using var server = OspreyServer.WithWeb();
        using var anonymous = WebSession.Anonymous(server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Client.GetAsync("/api/status")).StatusCode);
        var page = await anonymous.Client.GetAsync("/status");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("http://127.0.0.1:" + server.WebPort + "/login", page.Headers.Location?.ToString());
        anonymous.Client.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Client.GetAsync("/api/status")).StatusCode);
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_gets_400()
    {
        await using var server = OspreyServer.WithWeb();
        using var session = await WebSession.LoginAsync(server);
        var post = await session.Client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = WebSession.NewPassword,
            ["NewPassword"] = "another-password-1",
            ["ConfirmPassword"] = "another-password-1",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        // And the password did not change.
        using var again = WebSession.Anonymous(server);
        var login = await again.PostFormAsync("/login", new() { ["UserName"] = "admin", ["Password"] = WebSession.NewPassword });
        Assert.Equal("/status", login.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_api_token_from_the_settings_lets_a_script_in_without_a_session()
    {
        var (token, hash) = Osprey.Server.Web.Security.ApiTokens.Create();
        await using var server = OspreyServer.WithWeb($"--Web:ApiTokens:0={hash}");
        using var script = WebSession.Anonymous(server);
        script.Client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var status = await script.Client.GetAsync("/api/status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("\"listeners\"", await status.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Failed_logins_from_one_address_are_throttled_after_five()
    {
        await using var server = OspreyServer.WithWeb();
        using var guesser = WebSession.Anonymous(server);
        for (int i = 0; i < 5; i++)
        {
            var wrong = await guesser.PostFormAsync("/login", new() { ["UserName"] = "admin", ["Password"] = $"guess-{i}" });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        // Even the right password is refused while the address is held back.
        var initial = (await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "initial-password"))).Trim();
        var held = await guesser.PostFormAsync("/login", new() { ["UserName"] = "admin", ["Password"] = initial });
        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.Contains("Too many failed logins", await held.Content.ReadAsStringAsync());
    }
}
