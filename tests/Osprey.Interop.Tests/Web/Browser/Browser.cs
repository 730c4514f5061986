using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Osprey.Interop.Tests.Web.Browser;

/// <summary>
/// Debian's real Chromium, headless, driven through Debian's chromedriver by Selenium (no browser
/// download: both come from the packages test.sh installs). A window of 1280×800; every
/// <see cref="Screenshot"/> goes to <c>TestResults/screenshots/</c> of the repository.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private readonly ChromeDriver _driver;
    private readonly string _baseUrl;

    public Browser(string baseUrl)
    {
        Assert.True(File.Exists(ChromiumPath) && File.Exists(DriverPath), $"{ChromiumPath} and {DriverPath} are needed (Debian packages chromium, chromium-driver; test.sh installs them)");
        _baseUrl = baseUrl.TrimEnd('/');
        var service = ChromeDriverService.CreateDefaultService(System.IO.Path.GetDirectoryName(DriverPath)!, System.IO.Path.GetFileName(DriverPath));
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800", "--no-first-run", "--disable-extensions",
            $"--user-data-dir={Directory.CreateTempSubdirectory("osprey-chromium-").FullName}");
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        _driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        // The page itself 1280×800 (the window's frame would otherwise take part of it).
        _driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?> { ["width"] = 1280, ["height"] = 800, ["deviceScaleFactor"] = 1, ["mobile"] = false });
    }

    public IWebDriver Driver => _driver;

    public void Open(string path) => _driver.Navigate().GoToUrl(_baseUrl + path);

    public string CurrentPath => new Uri(_driver.Url).AbsolutePath;

    public IWebElement Find(string cssSelector) => Wait(d => d.FindElements(By.CssSelector(cssSelector)).FirstOrDefault(e => e.Displayed), $"element {cssSelector}");

    public IWebElement ById(string id) => Find("#" + id);

    public void Type(string id, string text)
    {
        var input = ById(id);
        input.Clear();
        input.SendKeys(text);
    }

    public void Click(string id) => ById(id).Click();

    public T Wait<T>(Func<IWebDriver, T?> until, string what, int seconds = 20)
    {
        var wait = new WebDriverWait(_driver, TimeSpan.FromSeconds(seconds));
        try
        {
            return wait.Until(d => until(d))!;
        }
        catch (WebDriverTimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"{what} did not appear within {seconds} s on {_driver.Url}:\n{_driver.PageSource}");
        }
    }

    /// <summary>Waits until the browser is on <paramref name="path"/>.</summary>
    public void WaitForPath(string path) => Wait(d => new Uri(d.Url).AbsolutePath.Equals(path, StringComparison.OrdinalIgnoreCase) ? (object)true : null, $"page {path}");

    /// <summary>Saves the window as <c>TestResults/screenshots/&lt;name&gt;.png</c> and returns its path.</summary>
    public string Screenshot(string name)
    {
        var directory = System.IO.Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        var file = System.IO.Path.Combine(directory, name + ".png");
        _driver.GetScreenshot().SaveAsFile(file);
        return file;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Osprey.slnx"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }

    /// <summary>Logs in as <c>admin</c> with the initial password and sets <see cref="Support.WebSession.NewPassword"/>, as the first login must; ends on the status page.</summary>
    public void LogInFirstTime(string dataDirectory)
    {
        var initial = File.ReadAllText(System.IO.Path.Combine(dataDirectory, "initial-password")).Trim();
        Open("/login");
        Type("UserName", "admin");
        Type("Password", initial);
        Click("login");
        WaitForPath("/account/password");
        Type("CurrentPassword", initial);
        Type("NewPassword", Support.WebSession.NewPassword);
        Type("ConfirmPassword", Support.WebSession.NewPassword);
        Click("change-password");
        WaitForPath("/status");
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
    }
}
