using System.Net;
using System.Text.RegularExpressions;
using Osprey.Interop.Tests.Support;
using Osprey.Network.Client;

namespace Osprey.Interop.Tests.Web;

/// <summary>
/// The status page, <c>/api/status</c> and <c>/metrics</c> (issue 11, points 4 and 5): instances
/// storescu sent are counted on the page and in the Prometheus counter and histogram, <c>/metrics</c>
/// needs a token or a session, and an open association is listed with its calling AE title.
/// </summary>
public sealed partial class StatusPageTests
{
    private const int N = 4;

    [Fact]
    public async Task Instances_storescu_sends_are_counted_in_metrics_and_on_the_status_page()
    {
        var (token, hash) = Osprey.Server.Web.Security.ApiTokens.Create();
        await using var server = OspreyServer.WithWeb($"--Web:ApiTokens:0={hash}");
        var files = SyntheticCt.Write(Path.Combine(server.DataDirectory, "to-send"), N, studies: 1, rows: 16, columns: 16);
        var run = Storescu.Send(server.Port, files.Select(f => f.Path));
        Assert.True(run.Files.Values.All(f => f.Succeeded), run.Result.Output);

        using var anonymous = WebSession.Anonymous(server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Client.GetAsync("/metrics")).StatusCode);

        using var scraper = WebSession.Anonymous(server);
        scraper.Client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var response = await scraper.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var metrics = await response.Content.ReadAsStringAsync();
        Assert.Equal(N, Sample(metrics, "osprey_cstore_instances_total"));
        Assert.Equal(N, Sample(metrics, "osprey_cstore_duration_seconds_count"));
        Assert.True(Sample(metrics, "osprey_cstore_duration_seconds_sum") > 0, metrics);
        Assert.Equal(1, Sample(metrics, "osprey_associations_total"));
        Assert.Equal(0, Sample(metrics, "osprey_cfind_queries_total"));

        using var session = await WebSession.LoginAsync(server);
        // A session scrapes too.
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/metrics")).StatusCode);
        var page = await session.Client.GetStringAsync("/status");
        Assert.Contains($"id=\"instances-today\">{N}<", page);
        Assert.Contains($"id=\"storage-instances\">{N}<", page);
        var status = await session.Client.GetStringAsync("/api/status");
        Assert.Contains($"\"instancesReceived\":{{\"today\":{N},\"sinceStart\":{N}}}", status);
        Assert.Contains("\"freeBytes\":", status);
    }

    [Fact]
    public async Task An_open_association_is_listed_with_its_calling_ae_title()
    {
        await using var server = OspreyServer.WithWeb();
        using var session = await WebSession.LoginAsync(server);
        Assert.Contains("id=\"associations-open\">0<", await session.Client.GetStringAsync("/status"));

        await using var association = await ClientAssociation.ConnectAsync(new ClientOptions
        {
            Host = "127.0.0.1",
            Port = server.Port,
            CallingAeTitle = "HOLDER-SCU",
            CalledAeTitle = "OSPREY",
        });
        Assert.Equal(0, await association.EchoAsync());

        var page = await session.Client.GetStringAsync("/status");
        Assert.Contains("id=\"associations-open\">1<", page);
        Assert.Contains("<td class=\"mono\">HOLDER-SCU</td>", page);
        var status = await session.Client.GetStringAsync("/api/status");
        Assert.Contains("\"callingAeTitle\":\"HOLDER-SCU\"", status);
        Assert.Matches("\"bytesReceived\":[1-9]", status);
        Assert.Matches("\"bytesSent\":[1-9]", status);

        await association.ReleaseAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(await session.Client.GetStringAsync("/status")).Contains("id=\"associations-open\">0<"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the released association is still listed");
            await Task.Delay(50);
        }
    }

    /// <summary>The value of an unlabelled sample in the Prometheus text format.</summary>
    private static double Sample(string metrics, string name)
    {
        var m = Regex.Match(metrics, $"^{Regex.Escape(name)} (\\S+)$", RegexOptions.Multiline);
        Assert.True(m.Success, $"no sample {name} in:\n{metrics}");
        return double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
