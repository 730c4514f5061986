using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Web.Browser;

/// <summary>The DICOM server settings page in Debian's Chromium: refused values beside their fields, then Save and Restart onto a new port and AE title.</summary>
public sealed class SettingsBrowserTests
{
    [Fact]
    public async Task Invalid_values_are_refused_beside_their_fields_and_save_and_restart_moves_the_port_and_ae_title()
    {
        await using var server = OspreyServer.WithWebSettingsInFile(null);
        var file = Path.Combine(server.DataDirectory, "settings.json");
        var before = await File.ReadAllBytesAsync(file);
        using var browser = new Browser(server.WebUrl);
        browser.LogInFirstTime(server.DataDirectory);
        browser.Open("/settings");
        browser.Screenshot("settings");

        // A 17-character AE title, and a PDU size outside the list (put into the select as a crafted form would).
        browser.Type("Dicom_StorageAeTitle", "SEVENTEEN-CHARSXX");
        ((OpenQA.Selenium.IJavaScriptExecutor)browser.Driver).ExecuteScript(
            "var s = document.getElementById('Dicom_MaxPduSize'); var o = document.createElement('option'); o.value = '5000'; o.text = '5000'; s.add(o); s.value = '5000';");
        browser.Click("save-and-restart");
        browser.Driver.SwitchTo().Alert().Accept();
        var title = browser.Find("#Dicom_StorageAeTitle.invalid");
        Assert.NotNull(title);
        Assert.NotNull(browser.Find("#Dicom_MaxPduSize.invalid"));
        Assert.Contains("4096", browser.Driver.PageSource); // the rule names the allowed sizes
        browser.Screenshot("settings-refused");
        Assert.Equal(before, await File.ReadAllBytesAsync(file));

        int newPort = OspreyServer.FreePort();
        browser.Open("/settings");
        browser.Type("Dicom_TcpPort", newPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        browser.Type("Dicom_StorageAeTitle", "NEWAE");
        browser.Click("save-and-restart");
        browser.Driver.SwitchTo().Alert().Accept();
        Assert.Contains("NEWAE", browser.ById("saved").Text);

        var echo = Peer.Run("echoscu", "-aec", "NEWAE", "127.0.0.1", newPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(echo.ExitCode == 0, echo.ToString());
        var old = Peer.Run("echoscu", "-aec", "NEWAE", "127.0.0.1", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(old.ExitCode != 0, "the old port still answers: " + old);
    }
}
