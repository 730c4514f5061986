using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Osprey.Network.Pdu;
using Osprey.Network.Security;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Tests.UpperLayer;

/// <summary>
/// The PDU transport on in-memory streams: framing by the 6-byte header with bounded lengths (our
/// Maximum Length for a P-DATA-TF, MaxOtherPduLength for the rest) checked before any body is read,
/// the end of the connection, the receive and send timers, and the socket it finds for TCP_QUICKACK.
/// </summary>
public class PduTransportTests
{
    private static readonly UpperLayerOptions Limits = new() { MaxReceivePduLength = 16384, MaxOtherPduLength = 4096 };
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private static byte[] Header(byte type, uint length)
    {
        var header = new byte[6];
        header[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(2), length);
        return header;
    }

    /// <summary>A P-DATA-TF whose length field is <paramref name="length"/> (one PDV of length - 4 bytes).</summary>
    private static byte[] PDataTf(int length)
        => PduWriter.Write(new PDataTf([new PresentationDataValue(1, PresentationDataValue.Header(command: false, last: true), new byte[length - 6])]));

    private static Task<UpperLayerEvent> ReadAsync(byte[] bytes, UpperLayerOptions? limits = null)
        => new PduTransport(new MemoryStream(bytes)).ReadPduAsync(limits ?? Limits, CancellationToken.None);

    [Theory]
    [InlineData((byte)PduType.PDataTf, 16384u, null)]
    [InlineData((byte)PduType.PDataTf, 16385u, AbortReason.InvalidPduParameterValue)]
    [InlineData((byte)PduType.AssociateRq, 4096u, null)]
    [InlineData((byte)PduType.AssociateRq, 4097u, AbortReason.InvalidPduParameterValue)]
    [InlineData((byte)PduType.ReleaseRq, 4097u, AbortReason.InvalidPduParameterValue)]
    [InlineData((byte)PduType.Abort, 0xFFFFFFFFu, AbortReason.InvalidPduParameterValue)]
    [InlineData((byte)0x00, 4u, AbortReason.UnrecognizedPdu)]
    [InlineData((byte)0x08, 4u, AbortReason.UnrecognizedPdu)]
    [InlineData((byte)0x55, 4u, AbortReason.UnrecognizedPdu)]
    public void A_header_is_framed_by_its_type_and_the_limit_for_it(byte type, uint length, byte? abortReason)
        => Assert.Equal(abortReason, PduTransport.Frame(type, length, Limits)?.AbortReason);

    [Fact]
    public void An_unlimited_Maximum_Length_still_bounds_a_P_DATA_TF()
    {
        var unlimited = Limits with { MaxReceivePduLength = 0 };
        Assert.Null(PduTransport.Frame((byte)PduType.PDataTf, PduTransport.UnlimitedPDataTfLength, unlimited));
        Assert.NotNull(PduTransport.Frame((byte)PduType.PDataTf, PduTransport.UnlimitedPDataTfLength + 1, unlimited));
    }

    [Fact]
    public async Task A_P_DATA_TF_longer_than_our_Maximum_Length_is_invalid_and_its_body_is_not_read()
    {
        var stream = new MemoryStream([.. Header((byte)PduType.PDataTf, 0xFFFFFFF0), .. new byte[64]]);
        var evt = await new PduTransport(stream).ReadPduAsync(Limits, CancellationToken.None);
        var invalid = Assert.IsType<InvalidPduReceived>(evt);
        Assert.Equal(AbortReason.InvalidPduParameterValue, invalid.Error.AbortReason);
        Assert.Equal(6, stream.Position);
    }

    [Fact]
    public async Task A_P_DATA_TF_at_our_Maximum_Length_is_read_into_a_pooled_buffer()
    {
        var evt = await ReadAsync(PDataTf(16384));
        var data = Assert.IsType<PDataTfReceived>(evt);
        Assert.Equal(16384 - 6, Assert.Single(data.Pdu.Values).Data.Length);
        Assert.True(data.Buffer.Length >= 16384);
    }

    [Fact]
    public async Task Other_PDUs_are_bounded_by_MaxOtherPduLength()
    {
        var request = PduWriter.Write(RawPeer.Request());
        var fits = await ReadAsync(request, Limits with { MaxOtherPduLength = (uint)request.Length - 6 });
        Assert.Equal(RawPeer.Request(), Assert.IsType<AssociateRqReceived>(fits).Pdu);
        var tooLong = await ReadAsync(request, Limits with { MaxOtherPduLength = (uint)request.Length - 7 });
        Assert.Equal(AbortReason.InvalidPduParameterValue, Assert.IsType<InvalidPduReceived>(tooLong).Error.AbortReason);
    }

    [Fact]
    public async Task Each_PDU_becomes_its_event()
    {
        Assert.IsType<ReleaseRqReceived>(await ReadAsync(PduWriter.Write(new ReleaseRq())));
        Assert.IsType<ReleaseRpReceived>(await ReadAsync(PduWriter.Write(new ReleaseRp())));
        Assert.Equal(new Abort(AbortSource.ServiceProvider, 2), Assert.IsType<AbortReceived>(await ReadAsync(PduWriter.Write(new Abort(AbortSource.ServiceProvider, 2)))).Pdu);
        var rj = new AssociateRj(AssociateRjResult.RejectedTransient, AssociateRjSource.ServiceUser, 1);
        Assert.Equal(rj, Assert.IsType<AssociateRjReceived>(await ReadAsync(PduWriter.Write(rj))).Pdu);
    }

    [Theory]
    [InlineData(0)] // before a header: the peer closed
    [InlineData(3)] // inside the header
    [InlineData(10)] // inside the body
    public async Task The_end_of_the_connection_is_Evt17_wherever_it_comes(int bytes)
    {
        var pdu = PduWriter.Write(RawPeer.Request());
        Assert.IsType<TransportClosed>(await ReadAsync(pdu[..bytes]));
    }

    [Fact]
    public async Task The_read_loop_applies_the_limits_in_force_for_each_PDU_and_stops_at_an_invalid_one()
    {
        var limits = Limits;
        var events = new List<UpperLayerEvent>();
        var stream = new MemoryStream([.. PDataTf(200), .. PDataTf(200), .. PDataTf(200)]);
        await new PduTransport(stream).ReadLoopAsync(() => limits, new ReceiveTimer(() => null), evt =>
        {
            events.Add(evt);
            limits = limits with { MaxReceivePduLength = 100 }; // e.g. the acceptor's Maximum Length, once negotiated
            return ValueTask.CompletedTask;
        }).WaitAsync(Guard);
        Assert.Collection(events,
            e => Assert.IsType<PDataTfReceived>(e),
            e => Assert.Equal(AbortReason.InvalidPduParameterValue, Assert.IsType<InvalidPduReceived>(e).Error.AbortReason));
    }

    [Fact]
    public async Task Silence_beyond_the_receive_timer_is_an_A_ABORT_request_of_the_service_provider()
    {
        var events = new List<UpperLayerEvent>();
        await new PduTransport(new SilentStream()).ReadLoopAsync(() => Limits, new ReceiveTimer(() => TimeSpan.FromMilliseconds(50)), evt =>
        {
            events.Add(evt);
            return ValueTask.CompletedTask;
        }).WaitAsync(Guard);
        var abort = Assert.IsType<AbortRequest>(Assert.Single(events));
        Assert.Equal((AbortSource.ServiceProvider, AbortReason.NotSpecified), (abort.Source, abort.Reason));
        Assert.Equal(new AssociationOutcome.TimedOut(UpperLayerTimer.Receive), abort.Outcome);
    }

    [Fact]
    public async Task A_write_that_does_not_complete_within_the_send_timer_is_a_send_timeout()
    {
        var transport = new PduTransport(new SilentStream());
        var e = await Assert.ThrowsAsync<PduSendException>(() => transport.WriteAsync(new byte[10], TimeSpan.FromMilliseconds(50)).WaitAsync(Guard));
        Assert.Equal(new AssociationOutcome.TimedOut(UpperLayerTimer.Send), e.Outcome);
    }

    [Fact]
    public async Task A_write_to_a_broken_connection_is_a_send_failure_with_its_cause()
    {
        var closed = new MemoryStream();
        closed.Dispose();
        var e = await Assert.ThrowsAsync<PduSendException>(() => new PduTransport(closed).WriteAsync(new byte[10], null));
        var failure = Assert.IsType<AssociationOutcome.TransportFailure>(e.Outcome);
        Assert.Equal(TransportFailureKind.SendFailed, failure.Kind);
        Assert.IsType<ObjectDisposedException>(failure.Cause);
    }

    [Fact]
    public async Task TCP_QUICKACK_finds_the_socket_under_a_TCP_and_a_TLS_connection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var accepted = await listener.AcceptSocketAsync();
        var tcp = client.GetStream();
        Assert.Same(client.Client, TcpQuickAck.SocketOf(tcp));
        using var tls = new TlsStream(tcp, (_, _, _, _) => true);
        Assert.Same(client.Client, TcpQuickAck.SocketOf(tls));
        Assert.Null(TcpQuickAck.SocketOf(new MemoryStream()));
        TcpQuickAck.Rearm(client.Client);
        client.Client.Dispose();
        TcpQuickAck.Rearm(client.Client); // a closed socket changes nothing
    }

    /// <summary>A connection on which nothing ever arrives and no write completes, until cancelled.</summary>
    private sealed class SilentStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            => await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
