using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using Osprey.Archive.Index;
using Osprey.Archive.Storage;
using Osprey.Network.Association;
using Osprey.Network.Pdu;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;
using Osprey.Network.Security;
using Osprey.Server.Archive;
using Osprey.Server.Security;
using Osprey.Server.Services;
using Osprey.Server.Settings;

namespace Osprey.Server.Cli;

/// <summary>
/// <c>osprey serve</c>: loads and validates the settings (<c>&lt;data&gt;/settings.json</c>, then
/// <c>OSPREY_Section__Key</c> variables, then <c>--Section:Key=value</c> arguments), starts the DICOM
/// listener with the registered services (Verification, Storage into the archive under
/// <c>&lt;data&gt;/storage</c> and <c>&lt;data&gt;/index</c>), logs one line per association, and runs until SIGINT or
/// SIGTERM. Invalid settings stop it with one line naming the key and the rule.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data directory (settings.json, storage, index).", DefaultValueFactory = _ => new DirectoryInfo("osprey-data") };
        var command = new Command("serve", "Run the DICOM server. Settings can be overridden with --Section:Key=value (e.g. --Dicom:TcpPort=104).") { data };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, token) => await RunAsync(parse.GetValue(data)!.FullName, [.. parse.UnmatchedTokens], Console.Out, Console.Error, token));
        return command;
    }

    public static async Task<int> RunAsync(string dataDirectory, string[] settingArgs, TextWriter stdout, TextWriter stderr, CancellationToken token)
    {
        if (SettingsLoader.LoadValid("serve", dataDirectory, settingArgs, stderr) is not { } settings) return 1;
        var dicom = settings.Dicom;
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

        var resolver = new SettingsResolver(settings);
        var server = resolver.Server;
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
        await using var indexLifetime = index;
        // Files still being received when the server last stopped were never acknowledged: drop them.
        int leftovers = blobs.RemoveTemporaryFiles();
        if (leftovers > 0) stdout.WriteLine($"osprey: removed {leftovers} incomplete incoming file(s) left by an interrupted run (never acknowledged)");
        var store = ArchiveLocation.CreateStore(blobs, index, settings.Storage);
        void Log(string line)
        {
            lock (stdout) stdout.WriteLine(line);
        }
        var services = new ServiceRegistry()
            .Add(new VerificationService())
            .Add(new StorageService(store, Log))
            .Add(new FindService(index, resolver, Log))
            .Add(new MoveService(index, blobs, resolver, dicom.StorageAeTitle, tls, Log))
            .Add(new GetService(index, blobs, resolver, Log));
        var calledAeTitles = new[] { dicom.StorageAeTitle, dicom.ArchiveQueryAeTitle }.Where(t => !string.IsNullOrWhiteSpace(t)).ToArray();
        var access = await AssociationAccess.CreateAsync(settings, resolver, line => Log($"osprey: warning: {line}"));
        AcceptorPolicy PolicyFor(AssociateRq rq, AssociationPeer peer)
        {
            var effective = resolver.Resolve(rq.CallingAeTitle);
            return access.Apply(new AcceptorPolicy
            {
                CalledAeTitles = calledAeTitles,
                PreferredTransferSyntax = effective.PreferredTransferSyntax,
                MaxPduLength = (uint)effective.MaxPduSize,
                ReceiveTimeout = Timer(effective.ReceiveTimeout),
                SendTimeout = Timer(effective.SendTimeout),
            }, rq, peer);
        }
        var timers = new UpperLayerOptions
        {
            ConnectionTimeout = Timer(server.ConnectionTimeout),
            ReceiveTimeout = Timer(server.ReceiveTimeout),
            SendTimeout = Timer(server.SendTimeout),
            MaxReceivePduLength = (uint)server.MaxPduSize,
        };

        if (!IPAddress.TryParse(dicom.BindAddress, out var address))
        {
            stderr.WriteLine($"osprey serve: Dicom:BindAddress: must be an IP address (got \"{dicom.BindAddress}\")");
            return 1;
        }
        // The TCP and the TLS port share the limit of associations, the services and the policy.
        var listeners = new List<DicomListener>();
        var limit = new AssociationLimit(dicom.MaxAssociations);
        try
        {
            foreach (var (key, port, secure) in new[] { ("Dicom:TcpPort", dicom.TcpPort, (TlsServerOptions?)null), ("Dicom:TlsPort", dicom.TlsPort, tls.Server) })
            {
                if (port == 0) continue;
                var listener = new DicomListener(new IPEndPoint(address, port), services, PolicyFor, timers, limit, secure)
                {
                    AssociationEnded = s => Log(FormatSummary(s)),
                    HandshakeFailed = (peer, reason) => Log($"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} tls handshake failed peer={peer} reason=\"{reason}\""),
                };
                listeners.Add(listener);
                try
                {
                    listener.Start();
                }
                catch (System.Net.Sockets.SocketException e)
                {
                    stderr.WriteLine($"osprey serve: {key}: cannot listen on {dicom.BindAddress}:{port}: {e.Message}");
                    return 1;
                }
                stdout.WriteLine($"osprey: listening for DICOM{(secure != null ? " over TLS" : "")} on {dicom.BindAddress}:{listener.Port} as {string.Join(", ", calledAeTitles)} (data: {Path.GetFullPath(dataDirectory)})");
            }
            stdout.Flush();
            await WaitForStopAsync(token);
            stdout.WriteLine("osprey: stopping");
            return 0;
        }
        finally
        {
            foreach (var listener in listeners) await listener.DisposeAsync();
        }
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

    /// <summary>One line per association, as key=value pairs a log search can use; a rejected one says why.</summary>
    public static string FormatSummary(AssociationSummary s)
    {
        var who = $"peer={s.RemoteAddress}{(s.Tls != null ? $" tls=\"{s.Tls}\"" : "")} calling=\"{s.CallingAeTitle}\" called=\"{s.CalledAeTitle}\"";
        if (s.Rejection != null)
            return $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} association rejected {who} reason=\"{s.Rejection}\"";
        return $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} association {who}{(s.User != null ? $" user=\"{s.User}\"" : "")} " +
           $"contexts=[{string.Join(",", s.AcceptedAbstractSyntaxes)}] duration_ms={s.Duration.TotalMilliseconds:F0} outcome=\"{s.Outcome}\"";
    }
}
