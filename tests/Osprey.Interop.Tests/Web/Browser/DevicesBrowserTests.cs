using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Web.Browser;

/// <summary>The Devices page in Debian's Chromium: a device added with an override, which findscu then meets; Verify against a running and a stopped storescp.</summary>
public sealed class DevicesBrowserTests
{
    private static readonly string[] StudyKeys = ["QueryRetrieveLevel=STUDY", "StudyInstanceUID", "PatientID"];

    [Fact]
    public async Task A_device_added_with_a_query_retrieve_limit_bounds_findscu_from_that_ae_and_verify_tells_running_from_stopped()
    {
        await using var server = OspreyServer.WithWeb();
        var work = Directory.CreateTempSubdirectory("osprey-devices-browser-").FullName;
        try
        {
            var instances = SyntheticCt.Write(Path.Combine(work, "ct"), count: 5, studies: 5, rows: 8, columns: 8);
            var store = Storescu.Send(server.Port, instances.Select(i => i.Path));
            Assert.True(store.Result.ExitCode == 0, store.Result.ToString());
            using var browser = new Browser(server.WebUrl);
            browser.LogInFirstTime(server.DataDirectory);

            browser.Open("/devices");
            browser.Click("add-device");
            browser.WaitForPath("/devices/edit");
            browser.Type("Device_AeTitle", "LIMITED");
            browser.Type("Device_Host", "127.0.0.1");
            browser.Type("Device_Port", "9");
            browser.Type("Override_QueryRetrieveLimit", "2");
            browser.Screenshot("device-edit");
            browser.Click("save");
            browser.WaitForPath("/devices");
            Assert.Contains("Query/Retrieve limit 2", browser.ById("overrides-LIMITED").Text);

            var limited = Findscu.Query(server.Port, "LIMITED", "-S", StudyKeys, null, Path.Combine(work, "limited"));
            Assert.True(limited.Responses == 2, $"LIMITED got {limited.Responses} answers:\n{limited.Result}");
            var other = Findscu.Query(server.Port, "FINDSCU", "-S", StudyKeys, null, Path.Combine(work, "other"));
            Assert.True(other.Responses == 5, $"FINDSCU got {other.Responses} answers:\n{other.Result}");

            // Verify: C-ECHO to a running storescp, then to the same device once it has stopped.
            var storescp = await Storescp.StartAsync();
            int port = storescp.Port;
            browser.Click("add-device");
            browser.WaitForPath("/devices/edit");
            browser.Type("Device_AeTitle", storescp.AeTitle);
            browser.Type("Device_Host", "127.0.0.1");
            browser.Type("Device_Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            browser.Click("save");
            browser.WaitForPath("/devices");
            browser.Click("verify-" + storescp.AeTitle);
            var ok = browser.ById("verify-result-" + storescp.AeTitle);
            Assert.Contains("succeeded", ok.Text);
            Assert.Contains("ok", ok.GetAttribute("class"));
            browser.Screenshot("devices");

            await storescp.DisposeAsync();
            browser.Click("verify-" + storescp.AeTitle);
            var failed = browser.ById("verify-result-" + storescp.AeTitle);
            Assert.Contains("failed", failed.Text);
            Assert.Contains("bad", failed.GetAttribute("class"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
