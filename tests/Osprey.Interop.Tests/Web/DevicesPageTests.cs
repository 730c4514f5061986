using System.Net;
using System.Net.Http.Json;
using Osprey.Interop.Tests.Support;

namespace Osprey.Interop.Tests.Web;

/// <summary>
/// The Devices page and <c>/api/devices</c> (issue 11 point 3): a device added through the form takes
/// effect at once (its Query/Retrieve limit binds findscu calling as it), Verify echoes with the
/// device's settings, and the API adds, rejects and deletes.
/// </summary>
public sealed class DevicesPageTests
{
    private static readonly string[] StudyKeys = ["QueryRetrieveLevel=STUDY", "StudyInstanceUID", "PatientID"];

    [Fact]
    public async Task A_device_added_on_the_page_with_a_query_retrieve_limit_of_2_gets_2_answers_while_others_get_all()
    {
        await using var server = OspreyServer.WithWeb();
        using var session = await WebSession.LoginAsync(server);
        var work = Directory.CreateTempSubdirectory("osprey-devices-").FullName;
        try
        {
            var instances = SyntheticCt.Write(Path.Combine(work, "ct"), count: 5, studies: 5, rows: 8, columns: 8);
            var store = Storescu.Send(server.Port, instances.Select(i => i.Path));
            Assert.True(store.Result.ExitCode == 0, store.Result.ToString());

            // A port that is not a number is shown beside its field, and nothing is written.
            var before = await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "settings.json"));
            var bad = await session.PostFormAsync("/devices/edit", new() { ["Device.AeTitle"] = "LIMITED", ["Device.Host"] = "127.0.0.1", ["Device.Port"] = "abc" });
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            var badHtml = await bad.Content.ReadAsStringAsync();
            Assert.Contains("id=\"error-Device_Port\"", badHtml);
            Assert.Contains("must be a whole number", badHtml);
            Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "settings.json")));
            // A rule of the validator on an override lands beside that override.
            var badPdu = await session.PostFormAsync("/devices/edit", new() { ["Device.AeTitle"] = "LIMITED", ["Device.Host"] = "127.0.0.1", ["Device.Port"] = "9", ["Override.MaxPduSize"] = "1000" });
            var badPduHtml = await badPdu.Content.ReadAsStringAsync();
            Assert.Matches("id=\"error-Override_MaxPduSize\">must be a power of two[^<]*\\(got 1000\\)", badPduHtml);
            Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "settings.json")));

            var save = await session.PostFormAsync("/devices/edit", new()
            {
                ["Device.AeTitle"] = "LIMITED",
                ["Device.Host"] = "127.0.0.1",
                ["Device.Port"] = "9",
                ["Device.AllowedServices"] = "find",
                ["Override.QueryRetrieveLimit"] = "2",
            });
            Assert.True(save.StatusCode == HttpStatusCode.Redirect, $"{save.StatusCode}: {await save.Content.ReadAsStringAsync()}");
            Assert.Equal("/devices?saved=LIMITED", save.Headers.Location?.OriginalString);
            var file = await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "settings.json"));
            Assert.Contains("\"QueryRetrieveLimit\": 2", file);
            Assert.DoesNotContain($"\"TcpPort\": {server.Port}", file); // the file alone: no --Dicom:TcpPort argument in it

            var list = await session.Client.GetStringAsync("/devices?saved=LIMITED");
            Assert.Contains("id=\"device-LIMITED\"", list);
            Assert.Contains("Query/Retrieve limit 2", list);
            Assert.Contains("class=\"notice ok\"", list);
            Assert.Contains("value=\"2\"", await session.Client.GetStringAsync("/devices/edit/LIMITED"));

            var limited = Findscu.Query(server.Port, "LIMITED", "-S", StudyKeys, null, Path.Combine(work, "limited"));
            Assert.True(limited.Responses == 2, $"LIMITED got {limited.Responses} answers\n{limited.Result}");
            var other = Findscu.Query(server.Port, "FINDSCU", "-S", StudyKeys, null, Path.Combine(work, "other"));
            Assert.True(other.Responses == 5, $"FINDSCU got {other.Responses} answers\n{other.Result}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Verify_shows_success_with_the_time_for_a_running_storescp_and_connection_refused_for_a_stopped_one()
    {
        await using var storescp = await Storescp.StartAsync();
        await using var server = OspreyServer.WithWeb();
        using var session = await WebSession.LoginAsync(server);
        int nothing = OspreyServer.FreePort();
        foreach (var (ae, port) in new[] { ("STORESCP", storescp.Port), ("STOPPED", nothing) })
        {
            var add = await session.PostFormAsync("/devices/edit", new() { ["Device.AeTitle"] = ae, ["Device.Host"] = "127.0.0.1", ["Device.Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.True(add.StatusCode == HttpStatusCode.Redirect, $"{add.StatusCode}: {await add.Content.ReadAsStringAsync()}");
        }
        var page = await session.Client.GetStringAsync("/devices");
        Assert.Contains("id=\"verify-STORESCP\"", page);
        Assert.Contains("id=\"verify-STOPPED\"", page);

        var ok = await session.PostFormAsync("/devices?handler=Verify&ae=STORESCP", [], formPage: "/devices");
        var okHtml = await ok.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Matches("class=\"notice ok\" id=\"verify-result-STORESCP\"[^>]*>\\s*C-ECHO succeeded in \\d+ ms", okHtml);
        Assert.DoesNotContain("verify-result-STOPPED", okHtml);

        var down = await session.PostFormAsync("/devices?handler=Verify&ae=STOPPED", [], formPage: "/devices");
        var downHtml = await down.Content.ReadAsStringAsync();
        Assert.Matches("class=\"notice bad\" id=\"verify-result-STOPPED\"[^>]*>\\s*C-ECHO failed: connection refused", downHtml);

        var unknown = await session.PostFormAsync("/devices?handler=Verify&ae=NOSUCH", [], formPage: "/devices");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var delete = await session.PostFormAsync("/devices?handler=Delete&ae=STOPPED", [], formPage: "/devices");
        Assert.Equal("/devices?deleted=STOPPED", delete.Headers.Location?.OriginalString);
        var after = await session.Client.GetStringAsync("/devices");
        Assert.DoesNotContain("id=\"device-STOPPED\"", after);
        Assert.Contains("id=\"device-STORESCP\"", after);
    }

    [Fact]
    public async Task The_api_adds_echoes_and_deletes_devices_answers_400_for_an_invalid_port_and_needs_the_antiforgery_header()
    {
        await using var server = OspreyServer.WithWeb();
        using var session = await WebSession.LoginAsync(server);
        var device = new { aeTitle = "APIDEV", host = "127.0.0.1", port = OspreyServer.FreePort(), overrides = new { queryRetrieveLimit = 3 } };

        // A cookie-authenticated change without X-CSRF-TOKEN is refused, and nothing is added.
        var forged = await session.Client.PostAsJsonAsync("/api/devices", device);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("anti-forgery", await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync("/api/devices/APIDEV")).StatusCode);

        session.Client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", await session.AntiforgeryTokenAsync("/devices"));
        var add = await session.Client.PostAsJsonAsync("/api/devices", device);
        Assert.True(add.StatusCode == HttpStatusCode.Created, $"{add.StatusCode}: {await add.Content.ReadAsStringAsync()}");
        var read = await session.Client.GetStringAsync("/api/devices/APIDEV");
        Assert.Contains("\"queryRetrieveLimit\":3", read);
        Assert.Contains("APIDEV", await session.Client.GetStringAsync("/api/devices"));

        var invalid = await session.Client.PutAsJsonAsync("/api/devices/APIDEV", new { aeTitle = "APIDEV", host = "127.0.0.1", port = 70000 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("Devices:0:Port: must be 1 to 65535 (got 70000)", await invalid.Content.ReadAsStringAsync());
        var notJson = await session.Client.PostAsync("/api/devices", new StringContent("{\"port\":\"abc\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("\"problems\"", await notJson.Content.ReadAsStringAsync());

        var echo = await session.Client.PostAsync("/api/devices/APIDEV/echo", null);
        Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
        var result = await echo.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.False(result.GetProperty("success").GetBoolean());
        Assert.Contains("connection refused", result.GetProperty("error").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await session.Client.DeleteAsync("/api/devices/APIDEV")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync("/api/devices/APIDEV")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.DeleteAsync("/api/devices/APIDEV")).StatusCode);
        Assert.DoesNotContain("APIDEV", await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "settings.json")));
    }
}
