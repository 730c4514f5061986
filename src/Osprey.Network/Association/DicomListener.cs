using System.Net;
using System.Net.Sockets;
using Osprey.Network.Pdu;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Association;

/// <summary>
/// Accepts TCP connections (PS3.8 §9.1.1, the TCP mapping) and runs one acceptor association on
/// each, at most <see cref="MaxAssociations"/> at a time: beyond that the A-ASSOCIATE-RQ gets
/// A-ASSOCIATE-RJ rejected-transient, local-limit-exceeded. A misbehaving peer costs its own
/// connection only.
/// </summary>
public sealed class DicomListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly ServiceRegistry _services;
    private readonly Func<AssociateRq, AcceptorPolicy> _policyFor;
    private readonly UpperLayerOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<UpperLayerMachine> _machines = [];
    private Task? _acceptLoop;
    private int _active;

    public DicomListener(IPEndPoint endpoint, ServiceRegistry services, Func<AssociateRq, AcceptorPolicy> policyFor, UpperLayerOptions options, int maxAssociations)
    {
        _listener = new TcpListener(endpoint);
        _services = services;
        _policyFor = policyFor;
        _options = options;
        MaxAssociations = maxAssociations;
    }

    public int MaxAssociations { get; }

    /// <summary>The port actually bound (useful when 0 asked the system for a free one).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Called with each new association's machine before it starts (to observe its transitions).</summary>
    public Action<UpperLayerMachine>? MachineCreated { get; set; }

    /// <summary>Receives one summary per association, when it ends.</summary>
    public Action<AssociationSummary>? AssociationEnded { get; set; }

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
            var remote = socket.RemoteEndPoint?.ToString() ?? "?";
            var association = new AcceptorAssociation(_services, _policyFor, TryReserve, Release, remote) { Ended = s => AssociationEnded?.Invoke(s) };
            var machine = UpperLayerMachine.ForAcceptor(new NetworkStream(socket, ownsSocket: true), association, _options);
            association.Machine = machine;
            MachineCreated?.Invoke(machine);
            lock (_machines) _machines.Add(machine);
            _ = machine.Closed.ContinueWith(_ => { lock (_machines) _machines.Remove(machine); }, TaskScheduler.Default);
            await machine.StartAcceptorAsync();
        }
    }

    private bool TryReserve()
    {
        while (true)
        {
            int current = Volatile.Read(ref _active);
            if (current >= MaxAssociations) return false;
            if (Interlocked.CompareExchange(ref _active, current + 1, current) == current) return true;
        }
    }

    private void Release() => Interlocked.Decrement(ref _active);

    /// <summary>Stops listening and aborts the associations in progress.</summary>
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        if (_acceptLoop != null) await _acceptLoop;
        UpperLayerMachine[] open;
        lock (_machines) open = [.. _machines];
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
