using System.Net;
using Microsoft.Extensions.Logging;
using Osprey.Archive.Index;
using Osprey.Archive.Storage;
using Osprey.Network.Association;
using Osprey.Network.Pdu;
using Osprey.Network.Security;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;
using Osprey.Server.Archive;
using Osprey.Server.Security;
using Osprey.Server.Services;
using Osprey.Server.Settings;

namespace Osprey.Server.Hosting;

/// <summary>
/// The running DICOM node of <c>osprey serve</c>: the archive (opened once for the life of the
/// process), the settings in force, and the DICOM listeners (the TCP and the TLS port) with the
/// services built from those settings. <see cref="RestartAsync"/> replaces the settings and the
/// listeners inside the running process ("Save and Restart" of the settings page): the archive stays
/// open, associations in progress on the old listeners are aborted (nothing they had not been told
/// was stored is lost; what was acknowledged is on disk).
/// </summary>
public sealed class OspreyNode : IAsyncDisposable
{
    private readonly ILogger _log;
    private readonly SemaphoreSlim _changing = new(1, 1);
    private List<DicomListener> _listeners = [];

    public OspreyNode(string dataDirectory, string[] settingArgs, OspreySettings settings, BlobStore blobs, IArchiveIndex index, NodeActivity activity, ILogger<OspreyNode> log)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        SettingArgs = settingArgs;
        Settings = settings;
        Blobs = blobs;
        Index = index;
        Activity = activity;
        _log = log;
    }

    public string DataDirectory { get; }

    /// <summary>The <c>--Section:Key=value</c> arguments of the command line: they pin their keys over the file.</summary>
    public string[] SettingArgs { get; }

    /// <summary>The settings in force (replaced as a whole by <see cref="RestartAsync"/>).</summary>
    public OspreySettings Settings { get; private set; }

    public BlobStore Blobs { get; }

    public IArchiveIndex Index { get; }

    public NodeActivity Activity { get; }

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The associations open now on every listener, oldest first.</summary>
    public IReadOnlyList<OpenAssociation> OpenAssociations() =>
        [.. _listeners.SelectMany(l => l.OpenAssociations()).OrderBy(a => a.Since)];

    /// <summary>The listeners running now, each with its settings key (<c>Dicom:TcpPort</c>, <c>Dicom:TlsPort</c>).</summary>
    public IReadOnlyList<(string Key, DicomListener Listener)> Listeners =>
        [.. _listeners.Select(l => (l.IsTls ? "Dicom:TlsPort" : "Dicom:TcpPort", l))];

    /// <summary>The called AE titles the listeners answer to.</summary>
    public IReadOnlyList<string> CalledAeTitles(OspreySettings? settings = null)
    {
        var dicom = (settings ?? Settings).Dicom;
        return [.. new[] { dicom.StorageAeTitle, dicom.ArchiveQueryAeTitle }.Where(t => !string.IsNullOrWhiteSpace(t))];
    }

    /// <summary>Starts the listeners of the settings in force.</summary>
    /// <exception cref="SettingsException">A certificate cannot be loaded or a port cannot be bound (the message names the key).</exception>
    public async Task StartAsync()
    {
        await _changing.WaitAsync();
        try
        {
            _listeners = await StartListenersAsync(Settings);
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary>
    /// Replaces the settings in force by <paramref name="settings"/> (already validated) and restarts
    /// the listeners with them. When the new listeners cannot start (a port taken, a certificate that
    /// does not load), the old settings and listeners are restored and the reason is thrown.
    /// </summary>
    public async Task RestartAsync(OspreySettings settings)
    {
        await _changing.WaitAsync();
        try
        {
            _log.LogInformation("osprey: restarting the DICOM listeners with the saved settings");
            await StopListenersAsync(_listeners);
            _listeners = [];
            try
            {
                _listeners = await StartListenersAsync(settings);
                Settings = settings;
            }
            catch (SettingsException)
            {
                _listeners = await StartListenersAsync(Settings);
                throw;
            }
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary>Stops the listeners (and aborts the associations on them).</summary>
    public async Task StopAsync()
    {
        await _changing.WaitAsync();
        try
        {
            await StopListenersAsync(_listeners);
            _listeners = [];
        }
        finally
        {
            _changing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Index.DisposeAsync();
    }

    private static async Task StopListenersAsync(List<DicomListener> listeners)
    {
        foreach (var listener in listeners) await listener.DisposeAsync();
    }

    private async Task<List<DicomListener>> StartListenersAsync(OspreySettings settings)
    {
        var dicom = settings.Dicom;
        var tls = TlsCredentials.Load(settings);
        var resolver = new SettingsResolver(settings);
        var server = resolver.Server;
        var store = ArchiveLocation.CreateStore(Blobs, Index, settings.Storage);
        void Log(string line) => _log.LogInformation("{Line}", line);
        var services = new ServiceRegistry()
            .Add(new VerificationService())
            .Add(new StorageService(store, Log, Activity.Counters))
            .Add(new FindService(Index, resolver, Log, Activity.Counters))
            .Add(new MoveService(Index, Blobs, resolver, dicom.StorageAeTitle, tls, Log, Activity.Counters))
            .Add(new GetService(Index, Blobs, resolver, Log, Activity.Counters));
        var calledAeTitles = CalledAeTitles(settings).ToArray();
        var access = await AssociationAccess.CreateAsync(settings, resolver, line => _log.LogWarning("osprey: warning: {Line}", line));
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
        var address = IPAddress.Parse(dicom.BindAddress);
        // The TCP and the TLS port share the limit of associations, the services and the policy.
        var listeners = new List<DicomListener>();
        var limit = new AssociationLimit(dicom.MaxAssociations);
        foreach (var (key, port, secure) in new[] { ("Dicom:TcpPort", dicom.TcpPort, (TlsServerOptions?)null), ("Dicom:TlsPort", dicom.TlsPort, tls.Server) })
        {
            if (port == 0) continue;
            var listener = new DicomListener(new IPEndPoint(address, port), services, PolicyFor, timers, limit, secure)
            {
                AssociationEnded = s =>
                {
                    Activity.AssociationEnded(s);
                    _log.LogInformation("{Line}", AssociationLogLine.Format(s));
                    if (_log.IsEnabled(LogLevel.Debug))
                        _log.LogDebug("association contexts peer={Peer} calling=\"{Calling}\" contexts=[{Contexts}]", s.RemoteAddress, s.CallingAeTitle, string.Join(",", s.AcceptedAbstractSyntaxes));
                },
                HandshakeFailed = (peer, reason) =>
                {
                    Activity.Error($"tls handshake failed peer={peer} reason=\"{reason}\"");
                    _log.LogWarning("tls handshake failed peer={Peer} reason=\"{Reason}\"", peer, reason);
                },
            };
            try
            {
                listener.Start();
            }
            catch (System.Net.Sockets.SocketException e)
            {
                await listener.DisposeAsync();
                await StopListenersAsync(listeners);
                throw new SettingsException($"{key}: cannot listen on {dicom.BindAddress}:{port}: {e.Message}", e);
            }
            listeners.Add(listener);
            _log.LogInformation("osprey: listening for DICOM{Tls} on {Address}:{Port} as {AeTitles} (data: {Data})",
                secure != null ? " over TLS" : "", dicom.BindAddress, listener.Port, string.Join(", ", calledAeTitles), DataDirectory);
        }
        return listeners;
    }

    internal static TimeSpan? Timer(TimeSpan t) => t == Timeout.InfiniteTimeSpan ? null : t;
}
