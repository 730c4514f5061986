using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Osprey.Network.Association;
using Osprey.Network.Pdu;
using Osprey.Network.Services;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Tests.UpperLayer;

/// <summary>
/// A scripted peer on a raw socket, for driving an Osprey acceptor through the PS3.8 state machine
/// byte by byte, with the acceptor's transitions recorded.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    public const string CalledAe = "OSPREY";

    private readonly DicomListener _listener;
    private readonly TcpClient _client = new() { NoDelay = true };
    private readonly List<(State From, Event Event, ProtocolAction? Action, State To)> _transitions = [];
    private readonly TaskCompletionSource<AssociationSummary> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NetworkStream _stream = null!;

    private RawPeer(UpperLayerOptions options, TimeSpan? receiveTimer)
    {
        var services = new ServiceRegistry().Add(new VerificationService());
        _listener = new DicomListener(new IPEndPoint(IPAddress.Loopback, 0), services,
            (_, _) => new AcceptorPolicy { CalledAeTitles = [CalledAe], ReceiveTimeout = receiveTimer ?? TimeSpan.FromSeconds(30) }, options, maxAssociations: 4)
        {
            MachineCreated = m => m.Transition = (f, e, a, t) => { lock (_transitions) _transitions.Add((f, e, a, t)); },
            AssociationEnded = s => _ended.TrySetResult(s),
        };
        _listener.Start();
    }

    /// <param name="receiveTimer">The receive timer on the association once accepted (the acceptor's policy sets it); default 30 s.</param>
    public static async Task<RawPeer> ConnectAsync(UpperLayerOptions? options = null, TimeSpan? receiveTimer = null)
    {
        var peer = new RawPeer(options ?? new UpperLayerOptions { ConnectionTimeout = TimeSpan.FromSeconds(10), ReceiveTimeout = TimeSpan.FromSeconds(10) }, receiveTimer);
        await peer._client.ConnectAsync(IPAddress.Loopback, peer._listener.Port);
        peer._stream = peer._client.GetStream();
        await peer.WaitForStateAsync(State.Sta2);
        return peer;
    }

    public IReadOnlyList<(State From, Event Event, ProtocolAction? Action, State To)> Transitions
    {
        get { lock (_transitions) return [.. _transitions]; }
    }

    /// <summary>The acceptor's summary of the association, once it has ended.</summary>
    public Task<AssociationSummary> EndedAsync(TimeSpan? timeout = null) => _ended.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public Task SendAsync(Osprey.Network.Pdu.Pdu pdu) => SendAsync(PduWriter.Write(pdu));

    public void Close() => _client.Client.Shutdown(SocketShutdown.Both);

    /// <summary>The next PDU from the acceptor (type and body), or null when it closed the connection.</summary>
    public async Task<(PduType Type, byte[] Body)?> ReadPduAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var header = new byte[6];
        try
        {
            int read = 0;
            while (read < 6)
            {
                int n = await _stream.ReadAsync(header.AsMemory(read), cts.Token);
                if (n == 0) return null;
                read += n;
            }
            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
            await _stream.ReadExactlyAsync(body, cts.Token);
            return ((PduType)header[0], body);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>True when the acceptor closes the connection within the timeout (any PDUs before are skipped).</summary>
    public async Task<bool> ClosedWithinAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var pdu = await ReadPduAsync(deadline - DateTime.UtcNow);
            if (pdu == null) return true;
        }
        return false;
    }

    /// <summary>Waits until the acceptor's machine makes a transition into <paramref name="state"/> (or has made one).</summary>
    public async Task WaitForStateAsync(State state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!Transitions.Any(t => t.To == state))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no transition to {state}; saw: {string.Join(", ", Transitions)}");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits for the first transition on <paramref name="evt"/> made from <paramref name="from"/>.</summary>
    public async Task<(State From, Event Event, ProtocolAction? Action, State To)> WaitForTransitionAsync(State from, Event evt, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var match = Transitions.FirstOrDefault(t => t.From == from && t.Event == evt);
            if (match != default) return match;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {evt} in {from}; saw: {string.Join(", ", Transitions)}");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _listener.DisposeAsync();
    }

    // ---- PDUs a peer sends ----

    public static AssociateRq Request(string calledAe = CalledAe) => new()
    {
        CalledAeTitle = calledAe,
        CallingAeTitle = "RAWPEER",
        PresentationContexts = [new PresentationContextRq(1, VerificationService.SopClassUid, ["1.2.840.10008.1.2"])],
        UserInformation = new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4" },
    };

    public static AssociateAc Accept() => new()
    {
        CalledAeTitle = CalledAe,
        CallingAeTitle = "RAWPEER",
        PresentationContexts = [new PresentationContextAc(1, PresentationContextResult.Acceptance, "1.2.840.10008.1.2")],
        UserInformation = new UserInformation { MaximumLength = 16384, ImplementationClassUid = "1.2.3.4" },
    };

    /// <summary>A P-DATA-TF with a whole C-ECHO-RQ command on context 1.</summary>
    public static PDataTf EchoRequest() => new([new PresentationDataValue(1, PresentationDataValue.Header(command: true, last: true), Osprey.Network.Dimse.DimseCommand.CEchoRq(7).Encode())]);

    /// <summary>Bytes no PDU starts with: an unknown PDU type.</summary>
    public static byte[] Garbage() => [0x55, 0x00, 0x00, 0x00, 0x00, 0x04, 1, 2, 3, 4];
}
