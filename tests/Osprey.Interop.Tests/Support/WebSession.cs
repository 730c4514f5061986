using System.Net;
using System.Text.RegularExpressions;

namespace Osprey.Interop.Tests.Support;

/// <summary>
/// A logged-in session on a server's web page, as a browser holds it: cookies, no automatic
/// redirects (tests look at them), and form posts that carry the page's anti-forgery token.
/// <see cref="LoginAsync"/> logs in with the initial password and changes it, as the first login must.
/// </summary>
public sealed partial class WebSession : IDisposable
{
    public const string NewPassword = "a-new-password-42";

    private WebSession(OspreyServer server)
    {
        Server = server;
        Cookies = new CookieContainer();
        Client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(server.WebUrl) };
    }

    public OspreyServer Server { get; }
    public HttpClient Client { get; }
    public CookieContainer Cookies { get; }

    /// <summary>A client without a session.</summary>
    public static WebSession Anonymous(OspreyServer server) => new(server);

    /// <summary>Logs in as <c>admin</c> with the password of <c>&lt;data&gt;/initial-password</c>, then sets <see cref="NewPassword"/>.</summary>
    public static async Task<WebSession> LoginAsync(OspreyServer server)
    {
        var session = new WebSession(server);
        var initial = (await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "initial-password"))).Trim();
        var login = await session.PostFormAsync("/login", new() { ["UserName"] = "admin", ["Password"] = initial });
        Assert.True(login.StatusCode == HttpStatusCode.Redirect, $"login: {login.StatusCode}");
        Assert.Equal("/account/password", login.Headers.Location?.OriginalString);
        var change = await session.PostFormAsync("/account/password", new() { ["CurrentPassword"] = initial, ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword });
        Assert.True(change.StatusCode == HttpStatusCode.Redirect, $"password change: {change.StatusCode} {await change.Content.ReadAsStringAsync()}");
        return session;
    }

    /// <summary>The anti-forgery token of the first form on <paramref name="path"/>.</summary>
    public async Task<string> AntiforgeryTokenAsync(string path)
    {
        var html = await Client.GetStringAsync(path);
        var m = TokenField().Match(html);
        Assert.True(m.Success, $"no anti-forgery token on {path}:\n{html}");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>Posts <paramref name="fields"/> to <paramref name="path"/> as its form would, with the token of the form on <paramref name="formPage"/> (default: the same path).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? formPage = null)
    {
        var token = await AntiforgeryTokenAsync(formPage ?? path);
        var body = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await Client.PostAsync(path, new FormUrlEncodedContent(body));
    }

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
