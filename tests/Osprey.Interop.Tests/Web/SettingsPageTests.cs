using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Osprey.Interop.Tests.Support;
using Osprey.Server.Archive;
using Osprey.Server.Settings;

namespace Osprey.Interop.Tests.Web;

/// <summary>
/// The DICOM server settings page (SETTINGS.md): Save and Restart moves the listeners in-process,
/// refused values are shown beside their fields and write nothing, pinned keys stay out of the file,
/// the API refuses what the validator refuses, and a restart mid-storescu loses nothing acknowledged.
/// </summary>
public sealed partial class SettingsPageTests
{
    private static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Save_and_Restart_moves_the_tcp_port_and_the_storage_ae_title()
    {
        await using var server = OspreyServer.WithWebSettingsInFile(null);
        using var session = await WebSession.LoginAsync(server);
        var form = FormFields(await session.Client.GetStringAsync("/settings"));
        Assert.Equal(Invariant(server.Port), form["Dicom:TcpPort"]);
        int newPort = OspreyServer.FreePort();
        form["Dicom:TcpPort"] = Invariant(newPort);
        form["Dicom:StorageAeTitle"] = "NEWAE";

        var saved = await session.PostFormAsync("/settings", form);
        var html = WebUtility.HtmlDecode(await saved.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("id=\"saved\"", html);
        Assert.Contains($"TCP port: {server.Port} → {newPort}", html);
        Assert.Contains("Storage AE Title: OSPREY → NEWAE", html);

        Assert.Equal(0, Peer.Run("echoscu", "-aec", "NEWAE", "127.0.0.1", Invariant(newPort)).ExitCode);
        var old = Peer.Run("echoscu", "-aec", "OSPREY", "127.0.0.1", Invariant(server.Port));
        Assert.NotEqual(0, old.ExitCode);
        Assert.Contains("Connection refused", old.Output);
        var file = SettingsLoader.Load(server.DataDirectory, [], new Hashtable());
        Assert.Equal(newPort, file.Dicom.TcpPort);
        Assert.Equal("NEWAE", file.Dicom.StorageAeTitle);
    }

    [Fact]
    public async Task A_pdu_size_of_5000_and_a_17_character_ae_title_are_refused_beside_their_fields_and_nothing_is_written()
    {
        await using var server = OspreyServer.WithWeb();
        using var session = await WebSession.LoginAsync(server);
        var path = Path.Combine(server.DataDirectory, SettingsLoader.FileName);
        var before = await File.ReadAllBytesAsync(path);
        var form = FormFields(await session.Client.GetStringAsync("/settings"));
        form["Dicom:MaxPduSize"] = "5000";
        form["Dicom:StorageAeTitle"] = "SEVENTEEN_CHARS_X";

        var refused = await session.PostFormAsync("/settings", form);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("id=\"saved\"", html);
        var pdu = Row(html, "Dicom_MaxPduSize");
        Assert.Contains("class=\"invalid\"", pdu);
        Assert.Matches("class=\"field-error\">must be a power of two from 4096 to 4194304 .*\\(got 5000\\)", pdu);
        var ae = Row(html, "Dicom_StorageAeTitle");
        Assert.Contains("class=\"invalid\"", ae);
        Assert.Contains("class=\"field-error\">must be 1 to 16 characters", ae);
        Assert.DoesNotContain("class=\"invalid\"", Row(html, "Dicom_TlsPort"));
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        // The listeners were not touched.
        Assert.Equal(0, Peer.Run("echoscu", "-aec", "OSPREY", "127.0.0.1", Invariant(server.Port)).ExitCode);
    }

    [Fact]
    public async Task A_value_pinned_by_an_argument_is_shown_pinned_and_not_written_by_a_save()
    {
        await using var server = OspreyServer.WithWeb("--Dicom:QueryRetrieveLimit=7");
        using var session = await WebSession.LoginAsync(server);
        var page = await session.Client.GetStringAsync("/settings");
        var row = Row(page, "Dicom_QueryRetrieveLimit");
        Assert.Contains("value=\"7\" readonly", row);
        Assert.Contains("class=\"pinned\">Pinned by the argument --Dicom:QueryRetrieveLimit=7", row);
        var form = FormFields(page);
        Assert.False(form.ContainsKey("Dicom:QueryRetrieveLimit"), "a pinned value is not a form field");
        form["Dicom:QueryRetrieveLimit"] = "9"; // posted anyway: not taken
        form["Dicom:Timeouts:WaitSeconds"] = "45";

        var saved = await session.PostFormAsync("/settings", form);
        Assert.Contains("id=\"saved\"", await saved.Content.ReadAsStringAsync());
        var file = SettingsLoader.Load(server.DataDirectory, [], new Hashtable());
        Assert.Equal(45, file.Dicom.Timeouts.WaitSeconds);
        Assert.Equal(1000, file.Dicom.QueryRetrieveLimit);
        Assert.Equal(11112, file.Dicom.TcpPort); // pinned by the test's own --Dicom:TcpPort
        Assert.Equal(0, Peer.Run("echoscu", "-aec", "OSPREY", "127.0.0.1", Invariant(server.Port)).ExitCode);
    }

    [Fact]
    public async Task The_api_refuses_an_invalid_setting_with_400_and_saves_a_valid_one_without_returning_secrets()
    {
        var (_, hash) = Osprey.Server.Web.Security.ApiTokens.Create();
        var data = OspreyServer.DataDirectoryWith($$"""{ "Web": { "ApiTokens": [ "{{hash}}" ] } }""");
        try
        {
            await using var server = OspreyServer.WithWebAndData(data);
            using var session = await WebSession.LoginAsync(server);
            session.Client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", await session.AntiforgeryTokenAsync("/settings"));
            var got = await session.Client.GetStringAsync("/api/settings");
            Assert.DoesNotContain(hash, got);
            var body = JsonNode.Parse(got)!;
            Assert.Contains(body["pinned"]!.AsArray(), p => (string?)p!["key"] == "Dicom:TcpPort");
            var settings = body["settings"]!;

            settings["Dicom"]!["MaxPduSize"] = 5000;
            var bad = await session.Client.PutAsync("/api/settings", new StringContent(settings.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("Dicom:MaxPduSize: must be a power of two", await bad.Content.ReadAsStringAsync());

            settings["Dicom"]!["MaxPduSize"] = 65536;
            var good = await session.Client.PutAsync("/api/settings", new StringContent(settings.ToJsonString(), Encoding.UTF8, "application/json"));
            var answer = await good.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
            Assert.Contains("\"key\":\"Dicom:MaxPduSize\"", answer);
            var file = SettingsLoader.Load(data, [], new Hashtable());
            Assert.Equal(65536, file.Dicom.MaxPduSize);
            Assert.Equal([hash], file.Web.ApiTokens); // left blank by the PUT: kept

            var restart = await session.Client.PostAsync("/api/restart", null);
            Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
            Assert.Equal(0, Peer.Run("echoscu", "-aec", "OSPREY", "127.0.0.1", Invariant(server.Port)).ExitCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Save_and_Restart_while_storescu_sends_500_instances_loses_nothing_acknowledged()
    {
        var source = Directory.CreateTempSubdirectory("osprey-restart-src-").FullName;
        var data = Directory.CreateTempSubdirectory("osprey-restart-data-").FullName;
        try
        {
            var instances = SyntheticCt.Write(source, 500, studies: 3, rows: 256, columns: 256);
            var byPath = instances.ToDictionary(i => i.Path);
            var acknowledged = new List<string>();
            await using (var server = OspreyServer.WithWebSettingsInFile(data))
            {
                using var session = await WebSession.LoginAsync(server);
                var form = FormFields(await session.Client.GetStringAsync("/settings"));
                form["Dicom:QueryRetrieveLimit"] = "500";
                Task<HttpResponseMessage>? save = null;
                var log = new StringBuilder();
                using (var storescu = Storescu.Start(server.Port, instances.Select(i => i.Path), "-v"))
                {
                    var progress = storescu.StandardOutput.ReadToEndAsync();
                    int successes = 0;
                    while (await storescu.StandardError.ReadLineAsync() is { } line)
                    {
                        log.AppendLine(line);
                        if (line.Contains("Received Store Response (Success)") && ++successes == 100)
                            save = session.PostFormAsync("/settings", form);
                    }
                    await storescu.WaitForExitAsync();
                    await progress;
                }
                Assert.NotNull(save);
                Assert.Contains("id=\"saved\"", await (await save!).Content.ReadAsStringAsync());
                string? current = null;
                foreach (var line in log.ToString().Split('\n'))
                {
                    if (SendingFile().Match(line) is { Success: true } m) current = m.Groups[1].Value.Trim();
                    else if (line.Contains("Received Store Response (Success)") && current != null) acknowledged.Add(current);
                }
                Assert.True(acknowledged.Count is >= 100 and < 500, $"the restart did not cut the run ({acknowledged.Count} acknowledged):\n{log}");

                await using (var index = ArchiveLocation.OpenIndex(data, new IndexSettings()))
                {
                    foreach (var path in acknowledged)
                        Assert.True(await index.FindInstanceAsync(byPath[path].SopInstanceUid) != null, $"{path} was acknowledged but is not in the archive");
                }
                // The new listener takes the rest.
                var rest = Storescu.Send(server.Port, instances.Select(i => i.Path).Except(acknowledged));
                Assert.True(rest.Files.Values.All(f => f.Succeeded), rest.Result.ToString());
            }
            var verify = OspreyProcess.Run("verify", "--data", data);
            Assert.True(verify.ExitCode == 0, verify.StandardOutput + verify.StandardError);
            Assert.Contains("500 instances, 0 problems", verify.StandardOutput);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>The fields a browser would post from the page's form: named inputs, checked boxes, selected options.</summary>
    private static Dictionary<string, string> FormFields(string html)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in InputTag().Matches(html))
        {
            var tag = m.Value;
            if (Attribute(tag, "name") is not { } name || name == "__RequestVerificationToken") continue;
            if (Attribute(tag, "type") == "checkbox" && !tag.Contains("checked", StringComparison.Ordinal)) continue;
            fields[name] = WebUtility.HtmlDecode(Attribute(tag, "value") ?? "");
        }
        foreach (Match m in SelectTag().Matches(html))
        {
            var selected = SelectedOption().Match(m.Groups[2].Value);
            fields[WebUtility.HtmlDecode(m.Groups[1].Value)] = WebUtility.HtmlDecode(selected.Success ? selected.Groups[1].Value : "");
        }
        return fields;
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    /// <summary>The table row of the input with id <paramref name="id"/>.</summary>
    private static string Row(string html, string id)
    {
        var at = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no input {id} on the page");
        var start = html.LastIndexOf("<tr>", at, StringComparison.Ordinal);
        return html[start..(html.IndexOf("</tr>", at, StringComparison.Ordinal) + 5)];
    }

    [GeneratedRegex("<input [^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("<select [^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex SelectTag();

    [GeneratedRegex("<option value=\"([^\"]*)\" selected=\"selected\"")]
    private static partial Regex SelectedOption();

    [GeneratedRegex(@"Sending file: (.+)$")]
    private static partial Regex SendingFile();
}
