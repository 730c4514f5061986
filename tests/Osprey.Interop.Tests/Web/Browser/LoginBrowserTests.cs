using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Web.Browser;

/// <summary>The first login as an administrator does it, in Debian's Chromium: the initial password, then a new one.</summary>
public sealed class LoginBrowserTests
{
    [Fact]
    public async Task Log_in_with_the_initial_password_and_change_it()
    {
        await using var server = OspreyServer.WithWeb();
        var initial = (await File.ReadAllTextAsync(System.IO.Path.Combine(server.DataDirectory, "initial-password"))).Trim();
        using var browser = new Browser(server.WebUrl);

        browser.Open("/status");
        browser.WaitForPath("/login");
        browser.Screenshot("login");
        browser.Type("UserName", "admin");
        browser.Type("Password", "not-the-password");
        browser.Click("login");
        Assert.Contains("Wrong user name or password", browser.ById("login-error").Text);

        browser.Type("UserName", "admin");
        browser.Type("Password", initial);
        browser.Click("login");
        browser.WaitForPath("/account/password");
        browser.Screenshot("password-change");
        browser.Type("CurrentPassword", initial);
        browser.Type("NewPassword", WebSession.NewPassword);
        browser.Type("ConfirmPassword", WebSession.NewPassword);
        browser.Click("change-password");
        browser.WaitForPath("/status");
        Assert.Contains("Listeners", browser.Driver.PageSource);
        Assert.Contains(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), browser.Find("main").Text);
        browser.Screenshot("status");
    }
}
