using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Osprey.Archive.Index;
using Osprey.Archive.Storage;
using Osprey.Server.Archive;
using Osprey.Server.Hosting;
using Osprey.Server.Security;
using Osprey.Server.Settings;
using Osprey.Server.Web;

namespace Osprey.Server.Cli;

/// <summary>
/// <c>osprey serve</c>: loads and validates the settings (<c>&lt;data&gt;/settings.json</c>, then
/// <c>OSPREY_Section__Key</c> variables, then <c>--Section:Key=value</c> arguments), opens the
/// archive, and runs one .NET Generic Host whose hosted services are the DICOM listeners
/// (<see cref="DicomListenersService"/>) and, unless <c>Web:Port</c> is 0, the administration web
/// page (<see cref="WebPortal"/>, Kestrel), with one log and one graceful shutdown on SIGINT or
/// SIGTERM. Invalid settings stop it with one line naming the key and the rule.
/// </summary>
public static class ServeCommand
{
    /// <summary>How long a shutdown waits for the hosted services to stop.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data directory (settings.json, storage, index).", DefaultValueFactory = _ => new DirectoryInfo("osprey-data") };
        var command = new Command("serve", "Run the DICOM server and its web page. Settings can be overridden with --Section:Key=value (e.g. --Dicom:TcpPort=104).") { data };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, token) => await RunAsync(parse.GetValue(data)!.FullName, [.. parse.UnmatchedTokens], Console.Out, Console.Error, token));
        return command;
    }

    public static async Task<int> RunAsync(string dataDirectory, string[] settingArgs, TextWriter stdout, TextWriter stderr, CancellationToken token)
    {
        if (SettingsLoader.LoadValid("serve", dataDirectory, settingArgs, stderr) is not { } settings) return 1;
        TlsCredentials tls;
        try
        {
            tls = TlsCredentials.Load(settings);
        }
        catch (SettingsException e)
        {
            stderr.WriteLine($"osprey serve: {e.Message}");
            return 1;
        }

        BlobStore blobs;
        IArchiveIndex index;
        try
        {
            (blobs, index) = ArchiveLocation.Open(dataDirectory, settings.Index);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArchiveIndexException)
        {
            stderr.WriteLine($"osprey serve: Storage: cannot open the archive in {dataDirectory}: {e.Message}");
            return 1;
        }
        // Files still being received when the server last stopped were never acknowledged: drop them.
        int leftovers = blobs.RemoveTemporaryFiles();
        if (leftovers > 0) stdout.WriteLine($"osprey: removed {leftovers} incomplete incoming file(s) left by an interrupted run (never acknowledged)");

        IHost host;
        try
        {
            host = settings.Web.Port == 0
                ? BuildDicomOnlyHost(stdout, Configure)
                : WebPortal.BuildHost(settings, tls, dataDirectory, stdout, Configure);
        }
        catch (SettingsException e)
        {
            await index.DisposeAsync();
            stderr.WriteLine($"osprey serve: {e.Message}");
            return 1;
        }

        void Configure(IServiceCollection services)
        {
            services.AddSingleton(new NodeActivity());
            services.AddSingleton(p => new OspreyNode(dataDirectory, settingArgs, settings, blobs, index, p.GetRequiredService<NodeActivity>(), p.GetRequiredService<ILogger<OspreyNode>>()));
            services.AddHostedService<DicomListenersService>();
            // Stopping is this command's job (signals below, or the caller's token): no console lifetime of the host's own.
            services.AddSingleton<IHostLifetime, CommandLifetime>();
            services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        }

        // Created now, owned by the host's container: disposing the host stops the listeners and closes the index.
        host.Services.GetRequiredService<OspreyNode>();
        try
        {
            try
            {
                await host.StartAsync(token);
            }
            catch (Exception e) when (e is SettingsException or IOException)
            {
                stderr.WriteLine($"osprey serve: {e.Message}");
                return 1;
            }
            stdout.Flush();
            await WaitForStopAsync(token);
            host.Services.GetRequiredService<ILogger<OspreyNode>>().LogInformation("osprey: stopping");
            await host.StopAsync(CancellationToken.None);
            return 0;
        }
        finally
        {
            if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
            else host.Dispose();
        }
    }

    private static IHost BuildDicomOnlyHost(TextWriter stdout, Action<IServiceCollection> configure)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder.Logging, stdout);
        configure(builder.Services);
        return builder.Build();
    }

    /// <summary>One log for the whole host: Osprey's lines at information, the frameworks' from warning up.</summary>
    internal static void ConfigureLogging(ILoggingBuilder logging, TextWriter stdout)
    {
        logging.ClearProviders();
        logging.AddProvider(new TextWriterLoggerProvider(stdout));
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
        // The key ring lives in the data directory (mode of its files: the process's umask); that it is not encrypted at rest is no news at every start.
        logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
    }

    private static async Task WaitForStopAsync(CancellationToken token)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var registration = token.Register(() => stop.TrySetResult());
        await stop.Task;
    }

    internal static TimeSpan? Timer(TimeSpan t) => t == Timeout.InfiniteTimeSpan ? null : t;

    /// <summary>A lifetime that leaves starting and stopping to <see cref="RunAsync"/>.</summary>
    private sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
