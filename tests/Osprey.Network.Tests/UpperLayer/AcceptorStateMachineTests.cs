using Osprey.Network.Pdu;
using Osprey.Network.UpperLayer;
using static Osprey.Network.UpperLayer.ProtocolAction;
using static Osprey.Network.UpperLayer.Event;
using static Osprey.Network.UpperLayer.State;

namespace Osprey.Network.Tests.UpperLayer;

/// <summary>
/// A scripted raw-socket peer drives Osprey's acceptor through every (state, event) pair that a
/// network peer can reach — Sta2 (connected), Sta6 (established), Sta13 (after a reject) — with
/// every PDU kind, garbage, a close, and the ARTIM timer. Each expected action and next state is
/// written here from PS3.8 Table 9-10 (independently of <see cref="StateTable"/>), and what the
/// peer receives is checked too.
/// </summary>
public class AcceptorStateMachineTests
{
    /// <summary>What the peer should see after the event: a PDU type, the connection closing, or nothing in particular.</summary>
    public enum Wire { None, Abort, Accept, Reject, ReleaseRp, PData, Closed }

    public static TheoryData<State, Event, ProtocolAction, State, Wire> Cells() => new()
    {
        // Sta2: transport connection open, awaiting A-ASSOCIATE-RQ.
        { Sta2, Evt3, AA1, Sta13, Wire.Abort },
        { Sta2, Evt4, AA1, Sta13, Wire.Abort },
        { Sta2, Evt6, AE6, Sta3, Wire.Accept },
        { Sta2, Evt10, AA1, Sta13, Wire.Abort },
        { Sta2, Evt12, AA1, Sta13, Wire.Abort },
        { Sta2, Evt13, AA1, Sta13, Wire.Abort },
        { Sta2, Evt16, AA2, Sta1, Wire.Closed },
        { Sta2, Evt17, AA5, Sta1, Wire.None },
        { Sta2, Evt18, AA2, Sta1, Wire.Closed },
        { Sta2, Evt19, AA1, Sta13, Wire.Abort },
        // Sta6: association established.
        { Sta6, Evt3, AA8, Sta13, Wire.Abort },
        { Sta6, Evt4, AA8, Sta13, Wire.Abort },
        { Sta6, Evt6, AA8, Sta13, Wire.Abort },
        { Sta6, Evt10, DT2, Sta6, Wire.PData },
        { Sta6, Evt12, AR2, Sta8, Wire.ReleaseRp },
        { Sta6, Evt13, AA8, Sta13, Wire.Abort },
        { Sta6, Evt16, AA3, Sta1, Wire.Closed },
        { Sta6, Evt17, AA4, Sta1, Wire.None },
        { Sta6, Evt19, AA8, Sta13, Wire.Abort },
        // Sta13: awaiting transport close (here after A-ASSOCIATE-RJ).
        { Sta13, Evt3, AA6, Sta13, Wire.None },
        { Sta13, Evt4, AA6, Sta13, Wire.None },
        { Sta13, Evt6, AA7, Sta13, Wire.Abort },
        { Sta13, Evt10, AA6, Sta13, Wire.None },
        { Sta13, Evt12, AA6, Sta13, Wire.None },
        { Sta13, Evt13, AA6, Sta13, Wire.None },
        { Sta13, Evt16, AA2, Sta1, Wire.Closed },
        { Sta13, Evt17, AR5, Sta1, Wire.None },
        { Sta13, Evt18, AA2, Sta1, Wire.Closed },
        { Sta13, Evt19, AA7, Sta13, Wire.Abort },
    };

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Acceptor_follows_table_9_10(State state, Event evt, ProtocolAction action, State next, Wire wire)
    {
        bool artim = evt == Evt18;
        var options = new UpperLayerOptions { ConnectionTimeout = TimeSpan.FromSeconds(artim ? 1 : 10), ReceiveTimeout = TimeSpan.FromSeconds(10) };
        await using var peer = await RawPeer.ConnectAsync(options);
        await ReachAsync(peer, state);

        switch (evt)
        {
            case Evt3: await peer.SendAsync(RawPeer.Accept()); break;
            case Evt4: await peer.SendAsync(new AssociateRj(AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser, 1)); break;
            case Evt6: await peer.SendAsync(RawPeer.Request()); break;
            case Evt10: await peer.SendAsync(RawPeer.EchoRequest()); break;
            case Evt12: await peer.SendAsync(new ReleaseRq()); break;
            case Evt13: await peer.SendAsync(new ReleaseRp()); break;
            case Evt16: await peer.SendAsync(new Abort(AbortSource.ServiceUser, 0)); break;
            case Evt17: peer.Close(); break;
            case Evt18: break; // say nothing: the ARTIM timer runs out
            case Evt19: await peer.SendAsync(RawPeer.Garbage()); break;
        }

        var t = await peer.WaitForTransitionAsync(state, evt, TimeSpan.FromSeconds(artim ? 5 : 10));
        Assert.Equal(action, t.Action);
        Assert.Equal(next, t.To);

        switch (wire)
        {
            case Wire.Abort: Assert.Equal(PduType.Abort, (await peer.ReadPduAsync())?.Type); break;
            case Wire.Accept: Assert.Equal(PduType.AssociateAc, (await peer.ReadPduAsync())?.Type); break;
            case Wire.ReleaseRp: Assert.Equal(PduType.ReleaseRp, (await peer.ReadPduAsync())?.Type); break;
            case Wire.PData: Assert.Equal(PduType.PDataTf, (await peer.ReadPduAsync())?.Type); break;
            case Wire.Closed: Assert.True(await peer.ClosedWithinAsync(TimeSpan.FromSeconds(5)), "the acceptor should close the connection"); break;
        }
        if (evt == Evt6 && state == Sta2)
        {
            // AE-6 issued the indication; the local user accepted (Evt7, AE-7) and the machine is in Sta6.
            var accepted = await peer.WaitForTransitionAsync(Sta3, Evt7);
            Assert.Equal((AE7, Sta6), (accepted.Action, accepted.To));
        }
        if (evt == Evt12 && state == Sta6)
        {
            var released = await peer.WaitForTransitionAsync(Sta8, Evt14);
            Assert.Equal((AR4, Sta13), (released.Action, released.To));
        }
    }

    private static async Task ReachAsync(RawPeer peer, State state)
    {
        switch (state)
        {
            case Sta2:
                return;
            case Sta6:
                await peer.SendAsync(RawPeer.Request());
                Assert.Equal(PduType.AssociateAc, (await peer.ReadPduAsync())?.Type);
                await peer.WaitForStateAsync(Sta6);
                return;
            case Sta13:
                await peer.SendAsync(RawPeer.Request(calledAe: "NOT_OSPREY"));
                Assert.Equal(PduType.AssociateRj, (await peer.ReadPduAsync())?.Type);
                await peer.WaitForStateAsync(Sta13);
                return;
        }
    }

    [Fact]
    public void The_table_has_the_standards_filled_cells_and_leaves_the_others_empty()
    {
        // Table 9-10 filled cells, counted row by row (Evt1..Evt19): 1+1+11+11+1+11+1+1+2+11+1+11+11+3+10+11+12+2+11.
        Assert.Equal(123, StateTable.AllCells.Count());
        // Cells the standard leaves empty: nothing arrives in Sta1 or Sta4, no local release before Sta6, no ARTIM in Sta6.
        Assert.Null(StateTable.Lookup(Sta1, Evt3));
        Assert.Null(StateTable.Lookup(Sta4, Evt10));
        Assert.Null(StateTable.Lookup(Sta2, Evt15));
        Assert.Null(StateTable.Lookup(Sta13, Evt15));
        Assert.Null(StateTable.Lookup(Sta5, Evt11));
        Assert.Null(StateTable.Lookup(Sta6, Evt18));
        Assert.Null(StateTable.Lookup(Sta7, Evt9));
    }
}
