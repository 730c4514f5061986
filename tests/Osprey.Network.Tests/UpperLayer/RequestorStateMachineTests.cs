using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Osprey.Network.Pdu;
using Osprey.Network.UpperLayer;
using static Osprey.Network.UpperLayer.Event;
using static Osprey.Network.UpperLayer.ProtocolAction;
using static Osprey.Network.UpperLayer.State;

namespace Osprey.Network.Tests.UpperLayer;

/// <summary>
/// The requestor side: Osprey's machine associates with a scripted raw-socket acceptor, which then
/// sends every kind of PDU, garbage, or closes, in each state the network can reach on this side —
/// Sta5 (awaiting A-ASSOCIATE-AC), Sta6, Sta7 (awaiting A-RELEASE-RP) — and the release collision.
/// Expectations are written from PS3.8 Table 9-10.
/// </summary>
public class RequestorStateMachineTests
{
    private sealed class User : IUpperLayerUser
    {
        public UpperLayerMachine Machine = null!;
        public readonly List<string> Indications = [];
        public Osprey.Network.Pdu.Pdu OnAssociateIndication(AssociateRq request) => throw new InvalidOperationException();
        public void OnAssociateConfirmation(Osprey.Network.Pdu.Pdu acceptOrReject) { lock (Indications) Indications.Add(acceptOrReject.Type.ToString()); }
        public ValueTask OnDataIndicationAsync(PDataTf pdu) { lock (Indications) Indications.Add("P-DATA"); return ValueTask.CompletedTask; }
        public void OnReleaseIndication() { lock (Indications) Indications.Add("A-RELEASE indication"); _ = Machine.ReleaseResponseAsync().AsTask(); }
        public void OnReleaseConfirmation() { lock (Indications) Indications.Add("A-RELEASE confirmation"); }
        public void OnAbortIndication(AbortSource source, byte reason) { lock (Indications) Indications.Add("abort"); }
        public void OnClosed() { }
    }

    private sealed class Harness : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<(State From, Event Event, ProtocolAction? Action, State To)> _transitions = [];
        public readonly User User = new();
        public UpperLayerMachine Machine = null!;
        public Socket Acceptor = null!;

        public static async Task<Harness> ReachAsync(State state)
        {
            var h = new Harness();
            h._listener.Start();
            int port = ((IPEndPoint)h._listener.LocalEndpoint).Port;
            h.Machine = UpperLayerMachine.ForRequestor(async token =>
            {
                var c = new TcpClient { NoDelay = true };
                await c.ConnectAsync(IPAddress.Loopback, port, token);
                return c.GetStream();
            }, h.User, new UpperLayerOptions { ConnectionTimeout = TimeSpan.FromSeconds(3), ReceiveTimeout = TimeSpan.FromSeconds(10) });
            h.User.Machine = h.Machine;
            h.Machine.Transition = (f, e, a, t) => { lock (h._transitions) h._transitions.Add((f, e, a, t)); };
            var accepting = h._listener.AcceptSocketAsync();
            await h.Machine.AssociateAsync(RawPeer.Request());
            h.Acceptor = await accepting;
            Assert.Equal(PduType.AssociateRq, (await h.ReadAsync())?.Type);
            Assert.Equal((AE1, Sta4), (await h.WaitAsync(Sta1, Evt1)) is var a1 ? (a1.Action, a1.To) : default);
            Assert.Equal((AE2, Sta5), (await h.WaitAsync(Sta4, Evt2)) is var a2 ? (a2.Action, a2.To) : default);
            if (state == Sta5) return h;
            await h.SendAsync(RawPeer.Accept());
            await h.WaitAsync(Sta5, Evt3);
            if (state == Sta6) return h;
            await h.Machine.ReleaseAsync();
            Assert.Equal(PduType.ReleaseRq, (await h.ReadAsync())?.Type);
            return h;
        }

        public Task SendAsync(Osprey.Network.Pdu.Pdu pdu) => Acceptor.SendAsync(PduWriter.Write(pdu));

        public async Task<(PduType Type, byte[] Body)?> ReadAsync()
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var stream = new NetworkStream(Acceptor, ownsSocket: false);
            var header = new byte[6];
            try
            {
                await stream.ReadExactlyAsync(header, cts.Token);
                var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(2))];
                await stream.ReadExactlyAsync(body, cts.Token);
                return ((PduType)header[0], body);
            }
            catch (EndOfStreamException)
            {
                return null;
            }
        }

        public async Task<(State From, Event Event, ProtocolAction? Action, State To)> WaitAsync(State from, Event evt)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (true)
            {
                lock (_transitions)
                {
                    var m = _transitions.FirstOrDefault(t => t.From == from && t.Event == evt);
                    if (m != default) return m;
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {evt} in {from}: {string.Join(", ", _transitions)}");
                await Task.Delay(10);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Acceptor?.Dispose();
            _listener.Stop();
            await Machine.Closed.WaitAsync(TimeSpan.FromSeconds(15));
        }
    }

    public enum Wire { None, Abort, ReleaseRp, Closed }

    public static TheoryData<State, Event, ProtocolAction, State, Wire> Cells() => new()
    {
        { Sta5, Evt3, AE3, Sta6, Wire.None },
        { Sta5, Evt4, AE4, Sta1, Wire.Closed },
        { Sta5, Evt6, AA8, Sta13, Wire.Abort },
        { Sta5, Evt10, AA8, Sta13, Wire.Abort },
        { Sta5, Evt12, AA8, Sta13, Wire.Abort },
        { Sta5, Evt13, AA8, Sta13, Wire.Abort },
        { Sta5, Evt16, AA3, Sta1, Wire.Closed },
        { Sta5, Evt17, AA4, Sta1, Wire.None },
        { Sta5, Evt19, AA8, Sta13, Wire.Abort },
        { Sta6, Evt10, DT2, Sta6, Wire.None },
        { Sta6, Evt12, AR2, Sta8, Wire.ReleaseRp },
        { Sta6, Evt16, AA3, Sta1, Wire.Closed },
        { Sta7, Evt3, AA8, Sta13, Wire.Abort },
        { Sta7, Evt4, AA8, Sta13, Wire.Abort },
        { Sta7, Evt6, AA8, Sta13, Wire.Abort },
        { Sta7, Evt10, AR6, Sta7, Wire.None },
        { Sta7, Evt12, AR8, Sta9, Wire.ReleaseRp },
        { Sta7, Evt13, AR3, Sta1, Wire.Closed },
        { Sta7, Evt16, AA3, Sta1, Wire.Closed },
        { Sta7, Evt17, AA4, Sta1, Wire.None },
        { Sta7, Evt19, AA8, Sta13, Wire.Abort },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Requestor_follows_table_9_10(State state, Event evt, ProtocolAction action, State next, Wire wire)
    {
        await using var h = await Harness.ReachAsync(state);
        switch (evt)
        {
            case Evt3: await h.SendAsync(RawPeer.Accept()); break;
            case Evt4: await h.SendAsync(new AssociateRj(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, 7)); break;
            case Evt6: await h.SendAsync(RawPeer.Request()); break;
            case Evt10: await h.SendAsync(RawPeer.EchoRequest()); break;
            case Evt12: await h.SendAsync(new ReleaseRq()); break;
            case Evt13: await h.SendAsync(new ReleaseRp()); break;
            case Evt16: await h.SendAsync(new Abort(AbortSource.ServiceUser, 0)); break;
            case Evt17: h.Acceptor.Shutdown(SocketShutdown.Both); break;
            case Evt19: await h.Acceptor.SendAsync(RawPeer.Garbage()); break;
        }
        var t = await h.WaitAsync(state, evt);
        Assert.Equal(action, t.Action);
        Assert.Equal(next, t.To);
        switch (wire)
        {
            case Wire.Abort: Assert.Equal(PduType.Abort, (await h.ReadAsync())?.Type); break;
            case Wire.ReleaseRp: Assert.Equal(PduType.ReleaseRp, (await h.ReadAsync())?.Type); break;
            case Wire.Closed: await h.Machine.Closed.WaitAsync(TimeSpan.FromSeconds(10)); Assert.Null(await h.ReadAsync()); break;
        }
        if (state == Sta7 && evt == Evt12)
        {
            // Release collision on the requestor side: the user answers (Evt14, AR-9 → Sta11), and
            // the acceptor's A-RELEASE-RP then ends it (Evt13, AR-3 → Sta1).
            var answered = await h.WaitAsync(Sta9, Evt14);
            Assert.Equal((AR9, Sta11), (answered.Action, answered.To));
            await h.SendAsync(new ReleaseRp());
            var done = await h.WaitAsync(Sta11, Evt13);
            Assert.Equal((AR3, Sta1), (done.Action, done.To));
        }
        if (evt is Evt6 or Evt10 or Evt12 or Evt13 or Evt19 && wire == Wire.Abort)
            h.Acceptor.Shutdown(SocketShutdown.Both); // let Sta13 end (AR-5)
    }

    [Fact]
    public async Task An_A_ASSOCIATE_RJ_ends_the_association_rejected_by_the_peer()
    {
        await using var h = await Harness.ReachAsync(Sta5);
        await h.SendAsync(new AssociateRj(AssociateRjResult.RejectedTransient, AssociateRjSource.ServiceProviderPresentation, AssociateRjReason.ProviderPresentationLocalLimitExceeded));
        await h.Machine.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new AssociationOutcome.Rejected(ByPeer: true, AssociateRjResult.RejectedTransient, AssociateRjSource.ServiceProviderPresentation,
            AssociateRjReason.ProviderPresentationLocalLimitExceeded), h.Machine.Outcome);
        Assert.Equal("rejected by peer", h.Machine.Outcome.ToString());
    }

    [Fact]
    public async Task No_A_ASSOCIATE_response_within_the_connection_timer_is_a_timeout_with_an_A_ABORT()
    {
        await using var h = await Harness.ReachAsync(Sta5);
        var t = await h.WaitAsync(Sta5, Evt15); // the harness's connection timer is 3 s
        Assert.Equal((AA1, Sta13), (t.Action, t.To));
        Assert.Equal(PduType.Abort, (await h.ReadAsync())?.Type);
        Assert.Equal(new AssociationOutcome.TimedOut(UpperLayerTimer.AssociateResponse), h.Machine.Outcome);
        h.Acceptor.Shutdown(SocketShutdown.Both);
    }
}
