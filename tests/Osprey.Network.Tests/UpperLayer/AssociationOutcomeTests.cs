using System.Net;
using Osprey.Network.Client;
using Osprey.Network.Pdu;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Tests.UpperLayer;

/// <summary>
/// How an association ended, as the acceptor's summary reports it (typed, and in the words the server
/// logs), for each way a scripted peer can end it; and as a requestor's exception carries it.
/// </summary>
public class AssociationOutcomeTests
{
    // ARTIM of 1 s: after an A-ABORT for an invalid PDU or a timer the acceptor reads no more, and ARTIM closes.
    private static readonly UpperLayerOptions Short = new() { ConnectionTimeout = TimeSpan.FromSeconds(1) };

    private static async Task<RawPeer> EstablishedAsync(UpperLayerOptions? options = null, TimeSpan? receiveTimer = null)
    {
        var peer = await RawPeer.ConnectAsync(options, receiveTimer);
        await peer.SendAsync(RawPeer.Request());
        Assert.Equal(PduType.AssociateAc, (await peer.ReadPduAsync())?.Type);
        await peer.WaitForStateAsync(State.Sta6);
        return peer;
    }

    [Fact]
    public async Task A_release_is_released()
    {
        await using var peer = await EstablishedAsync();
        await peer.SendAsync(new ReleaseRq());
        Assert.Equal(PduType.ReleaseRp, (await peer.ReadPduAsync())?.Type);
        peer.Close();
        var summary = await peer.EndedAsync();
        Assert.IsType<AssociationOutcome.Released>(summary.AssociationOutcome);
        Assert.Equal("released", summary.Outcome);
    }

    [Fact]
    public async Task An_unknown_called_AE_title_is_rejected_by_us_with_its_result_source_and_reason()
    {
        await using var peer = await RawPeer.ConnectAsync();
        await peer.SendAsync(RawPeer.Request(calledAe: "NOT_OSPREY"));
        Assert.Equal(PduType.AssociateRj, (await peer.ReadPduAsync())?.Type);
        peer.Close();
        var summary = await peer.EndedAsync();
        Assert.Equal(new AssociationOutcome.Rejected(ByPeer: false, AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceUser,
            AssociateRjReason.ServiceUserCalledAeTitleNotRecognized), summary.AssociationOutcome);
        Assert.Equal("rejected", summary.Outcome);
    }

    [Fact]
    public async Task An_unsupported_protocol_version_is_rejected_by_the_service_provider()
    {
        await using var peer = await RawPeer.ConnectAsync();
        await peer.SendAsync(RawPeer.Request() with { ProtocolVersion = 2 });
        Assert.Equal(PduType.AssociateRj, (await peer.ReadPduAsync())?.Type);
        peer.Close();
        var summary = await peer.EndedAsync();
        Assert.Equal(new AssociationOutcome.Rejected(ByPeer: false, AssociateRjResult.RejectedPermanent, AssociateRjSource.ServiceProviderAcse,
            AssociateRjReason.ProviderAcseProtocolVersionNotSupported), summary.AssociationOutcome);
        Assert.Equal("rejected (protocol version)", summary.Outcome);
    }

    [Fact]
    public async Task An_A_ABORT_from_the_peer_is_aborted_by_the_peer_service_user()
    {
        await using var peer = await EstablishedAsync();
        await peer.SendAsync(new Abort(AbortSource.ServiceUser, 0));
        var summary = await peer.EndedAsync();
        var aborted = Assert.IsType<AssociationOutcome.Aborted>(summary.AssociationOutcome);
        Assert.Equal((AbortInitiator.PeerServiceUser, AbortSource.ServiceUser, (byte)0), (aborted.By, aborted.Source, aborted.Reason));
        Assert.Equal("aborted by peer (service user, reason 0)", summary.Outcome);
    }

    [Fact]
    public async Task An_unrecognized_PDU_is_aborted_by_our_service_provider()
    {
        await using var peer = await EstablishedAsync(Short);
        await peer.SendAsync(RawPeer.Garbage());
        Assert.Equal(PduType.Abort, (await peer.ReadPduAsync())?.Type);
        var summary = await peer.EndedAsync();
        var aborted = Assert.IsType<AssociationOutcome.Aborted>(summary.AssociationOutcome);
        Assert.Equal((AbortInitiator.LocalServiceProvider, AbortSource.ServiceProvider, AbortReason.UnrecognizedPdu), (aborted.By, aborted.Source, aborted.Reason));
        Assert.StartsWith("invalid PDU: ", summary.Outcome);
    }

    [Fact]
    public async Task An_unexpected_PDU_is_aborted_by_our_service_provider()
    {
        await using var peer = await EstablishedAsync();
        await peer.SendAsync(RawPeer.Request());
        Assert.Equal(PduType.Abort, (await peer.ReadPduAsync())?.Type);
        peer.Close();
        var summary = await peer.EndedAsync();
        var aborted = Assert.IsType<AssociationOutcome.Aborted>(summary.AssociationOutcome);
        Assert.Equal((AbortInitiator.LocalServiceProvider, AbortReason.UnexpectedPdu), (aborted.By, aborted.Reason));
        Assert.Equal("unexpected A-ASSOCIATE-RQ PDU", summary.Outcome);
    }

    [Fact]
    public async Task A_connection_closed_before_the_A_ASSOCIATE_RQ_is_a_transport_outcome()
    {
        await using var peer = await RawPeer.ConnectAsync();
        peer.Close();
        var summary = await peer.EndedAsync();
        Assert.Equal(new AssociationOutcome.TransportFailure(TransportFailureKind.ClosedBeforeAssociationRequest), summary.AssociationOutcome);
        Assert.Equal("connection closed before association request", summary.Outcome);
    }

    [Fact]
    public async Task A_connection_closed_on_an_association_is_closed_by_peer()
    {
        await using var peer = await EstablishedAsync();
        peer.Close();
        var summary = await peer.EndedAsync();
        Assert.Equal(new AssociationOutcome.TransportFailure(TransportFailureKind.ClosedByPeer), summary.AssociationOutcome);
        Assert.Equal("connection closed by peer", summary.Outcome);
    }

    [Fact]
    public async Task No_A_ASSOCIATE_RQ_within_ARTIM_times_out()
    {
        await using var peer = await RawPeer.ConnectAsync(Short);
        var summary = await peer.EndedAsync();
        Assert.Equal(new AssociationOutcome.TimedOut(UpperLayerTimer.Artim), summary.AssociationOutcome);
        Assert.Equal("timed out", summary.Outcome);
    }

    [Fact]
    public async Task Silence_on_an_association_times_out_on_the_receive_timer_with_an_A_ABORT()
    {
        await using var peer = await EstablishedAsync(Short, receiveTimer: TimeSpan.FromSeconds(1));
        Assert.Equal(PduType.Abort, (await peer.ReadPduAsync())?.Type);
        peer.Close();
        var summary = await peer.EndedAsync();
        Assert.Equal(new AssociationOutcome.TimedOut(UpperLayerTimer.Receive), summary.AssociationOutcome);
        Assert.Equal("no PDU within the receive timer", summary.Outcome);
    }

    [Fact]
    public async Task A_requestor_that_cannot_connect_gets_the_transport_failure_with_its_cause()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now

        var e = await Assert.ThrowsAsync<AssociationAbortedException>(() => ClientAssociation.ConnectAsync(new ClientOptions { Host = "127.0.0.1", Port = port }));
        var failure = Assert.IsType<AssociationOutcome.TransportFailure>(e.Outcome);
        Assert.Equal(TransportFailureKind.ConnectFailed, failure.Kind);
        Assert.NotNull(failure.Cause);
        Assert.Equal($"transport connection failed: {failure.Cause.Message}", e.Message);
    }
}
