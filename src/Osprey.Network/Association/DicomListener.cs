using System.Net;
using System.Net.Sockets;
using Osprey.Network.Pdu;
using Osprey.Network.Security;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Association;

/// <summary>
/// Accepts TCP connections (PS3.8 §9.1.1, the TCP mapping) and runs one acceptor association on
/// each, at most <see cref="MaxAssociations"/> at a time: beyond that the A-ASSOCIATE-RQ gets
/// A-ASSOCIATE-RJ rejected-transient, local-limit-exceeded. With <see cref="TlsServerOptions"/> it is
/// the TLS port (PS3.15 Annex B): each connection's handshake runs on its own task, bounded by the
/// connection timer, before the upper layer sees the connection. A misbehaving peer, or a failed
/// handshake, costs its own connection only.
/// </summary>
public sealed class DicomListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly ServiceRegistry _services;
    private readonly Func<AssociateRq, AssociationPeer, AcceptorPolicy> _policyFor;
    private readonly UpperLayerOptions _options;
    private readonly TlsServerOptions? _tls;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<UpperLayerMachine, AcceptorAssociation> _machines = [];
    private readonly AssociationLimit _limit;
    private Task? _acceptLoop;

    public DicomListener(IPEndPoint endpoint, ServiceRegistry services, Func<AssociateRq, AssociationPeer, AcceptorPolicy> policyFor, UpperLayerOptions options, int maxAssociations)
        : this(endpoint, services, policyFor, options, new AssociationLimit(maxAssociations), tls: null)
    {
    }

    /// <param name="limit">The association limit, which other listeners may share.</param>
    /// <param name="tls">Null: plain TCP; otherwise every connection is TLS with these options.</param>
    public DicomListener(IPEndPoint endpoint, ServiceRegistry services, Func<AssociateRq, AssociationPeer, AcceptorPolicy> policyFor, UpperLayerOptions options, AssociationLimit limit,
        TlsServerOptions? tls)
    {
        _listener = new TcpListener(endpoint);
        _services = services;
        _policyFor = policyFor;
        _options = options;
        _limit = limit;
        _tls = tls;
    }

    /// <summary>Whether this is a TLS port.</summary>
    public bool IsTls => _tls != null;

    public int MaxAssociations => _limit.Max;

    /// <summary>The port actually bound (useful when 0 asked the system for a free one).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Called with each new association's machine before it starts (to observe its transitions).</summary>
    public Action<UpperLayerMachine>? MachineCreated { get; set; }

    /// <summary>Receives one summary per association, when it ends.</summary>
    public Action<AssociationSummary>? AssociationEnded { get; set; }

    /// <summary>Receives the peer's address and the reason of each TLS handshake that failed.</summary>
    public Action<string, string>? HandshakeFailed { get; set; }

    /// <summary>The associations accepted on this port that have not ended, oldest first.</summary>
    public IReadOnlyList<OpenAssociation> OpenAssociations()
    {
        KeyValuePair<UpperLayerMachine, AcceptorAssociation>[] open;
        lock (_machines) open = [.. _machines];
        return [.. open.Where(o => o.Value.IsEstablished)
            .Select(o => new OpenAssociation(o.Value.Peer.Address, o.Value.CallingAeTitle ?? "", o.Value.CalledAeTitle ?? "", o.Value.StartedAt,
                o.Key.Counters.BytesReceived, o.Key.Counters.BytesSent, o.Value.Peer.Tls))
            .OrderBy(o => o.Since)];
    }

    public void Start()
    {
        _listener.Start(backlog: 128);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            socket.NoDelay = true;
            var connection = new NetworkStream(socket, ownsSocket: true);
            var remote = socket.RemoteEndPoint as IPEndPoint;
            if (_tls == null)
                await StartAssociationAsync(connection, new AssociationPeer(remote));
            else
                _ = Task.Run(() => HandshakeThenStartAsync(connection, remote));
        }
    }

    /// <summary>The TLS handshake, within the connection timer; a failure is logged and closes this connection only.</summary>
    private async Task HandshakeThenStartAsync(NetworkStream connection, IPEndPoint? remote)
    {
        using var timer = _options.ConnectionTimeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, _stop.Token);
        TlsStream secured;
        try
        {
            secured = await _tls!.AuthenticateAsync(connection, stopping.Token);
        }
        catch (TlsHandshakeException e)
        {
            await connection.DisposeAsync();
            if (!_stop.IsCancellationRequested) HandshakeFailed?.Invoke(remote?.ToString() ?? "?", e.Reason);
            return;
        }
        var certificate = secured.RemoteCertificate is { } c ? new System.Security.Cryptography.X509Certificates.X509Certificate2(c) : null;
        await StartAssociationAsync(secured, new AssociationPeer(remote, $"{secured.SslProtocol} {secured.NegotiatedCipherSuite}", certificate));
    }

    private async Task StartAssociationAsync(Stream transport, AssociationPeer peer)
    {
        var association = new AcceptorAssociation(_services, _policyFor, _limit.TryReserve, _limit.Release, peer) { Ended = s => AssociationEnded?.Invoke(s) };
        var machine = UpperLayerMachine.ForAcceptor(transport, association, _options);
        association.Machine = machine;
        MachineCreated?.Invoke(machine);
        lock (_machines) _machines.Add(machine, association);
        _ = machine.Closed.ContinueWith(_ => { lock (_machines) _machines.Remove(machine); }, TaskScheduler.Default);
        await machine.StartAcceptorAsync();
    }

    /// <summary>Stops listening and aborts the associations in progress.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        if (_acceptLoop != null) await _acceptLoop;
        UpperLayerMachine[] open;
        lock (_machines) open = [.. _machines.Keys];
        foreach (var m in open)
        {
            try
            {
                await m.AbortAsync();
            }
            catch (InvalidOperationException)
            {
            }
        }
        await Task.WhenAll(open.Select(m => m.Closed)).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
