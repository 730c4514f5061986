using Osprey.Server.Settings;
using Osprey.Server.Web.Security;
using Osprey.Server.Hosting;

namespace Osprey.Server.Web;

/// <summary>Logs, once the host is up, where the web page is and, on the first start, the initial password.</summary>
public sealed class WebStartupNotice(OspreyNode node, InitialPasswordNotice notice, ILogger<WebStartupNotice> log, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            WebSettings web = node.Settings.Web;
            var host = web.BindAddress is "0.0.0.0" or "::" ? "localhost" : web.BindAddress.Contains(':') ? $"[{web.BindAddress}]" : web.BindAddress;
            log.LogInformation("osprey: web page on {Scheme}://{Host}:{Port}/ (bound to {Bind})", web.Https ? "https" : "http", host, web.Port, web.BindAddress);
            if (notice.Password != null)
                log.LogWarning("osprey: first start: log in to the web page as user {User} with password {Password} (also in {File}, mode 0600); it must be changed at the first login",
                    WebUserStore.InitialUser, notice.Password, notice.FilePath);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
