using System.Buffers;
using System.Net.Sockets;
using Osprey.Network.Pdu;

namespace Osprey.Network.UpperLayer;

/// <summary>
/// The transport connection of one association, carrying PDUs (PS3.8 §9.1.1, §9.3). It is any
/// <see cref="Stream"/>: TCP, or TLS over it. The read loop takes PDUs one after another, each framed by
/// its 6-byte header and bounded before its body is read, and posts each as its event; a write
/// completes within the send timer. TCP_QUICKACK is re-armed around each (<see cref="TcpQuickAck"/>).
/// The bytes of the PDUs read and written are added to <see cref="Counters"/>.
/// </summary>
internal sealed class PduTransport(Stream connection, TransferCounters? counters = null) : IDisposable
{
    /// <summary>The bytes read and written so far (shared with the machine, which outlives the transport).</summary>
    public TransferCounters Counters { get; } = counters ?? new TransferCounters();

    /// <summary>The bound of a P-DATA-TF when our Maximum Length is 0, "unlimited" (PS3.8 §D.1).</summary>
    public const uint UnlimitedPDataTfLength = 64u << 20;

    private readonly Socket? _socket = TcpQuickAck.SocketOf(connection);
    private readonly byte[] _header = new byte[PduReader.HeaderLength];

    /// <summary>Writes one PDU within <paramref name="sendTimeout"/> (none when null); a failure is a <see cref="PduSendException"/>.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> pdu, TimeSpan? sendTimeout)
    {
        using var timeout = sendTimeout is { } t ? new CancellationTokenSource(t) : new CancellationTokenSource();
        try
        {
            await connection.WriteAsync(pdu, timeout.Token);
            Counters.AddSent(pdu.Length);
            TcpQuickAck.Rearm(_socket); // sending puts Linux back into delayed-ACK mode; the peer's next message must not wait
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            throw new PduSendException(timeout.IsCancellationRequested
                ? new AssociationOutcome.TimedOut(UpperLayerTimer.Send)
                : new AssociationOutcome.TransportFailure(TransportFailureKind.SendFailed, e), e);
        }
    }

    /// <summary>
    /// Reads PDUs and posts each as its event, each read within the receive timer, until one ends the
    /// reading: the connection's end (Evt17), an invalid PDU (Evt19), an A-ABORT (Evt16), or the receive
    /// timer running out (Evt15, with the service provider's A-ABORT). The limits are read for each PDU:
    /// the acceptor sets its Maximum Length once it has answered the A-ASSOCIATE-RQ.
    /// </summary>
    public async Task ReadLoopAsync(Func<UpperLayerOptions> limits, ReceiveTimer timer, Func<UpperLayerEvent, ValueTask> post)
    {
        while (true)
        {
            UpperLayerEvent evt;
            TcpQuickAck.Rearm(_socket);
            using (var deadline = timer.Start())
            {
                try
                {
                    evt = await ReadPduAsync(limits(), deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.Expired)
                {
                    evt = new AbortRequest(AbortSource.ServiceProvider, AbortReason.NotSpecified, new AssociationOutcome.TimedOut(UpperLayerTimer.Receive));
                }
            }
            await post(evt);
            if (evt is TransportClosed or InvalidPduReceived or AbortReceived or AbortRequest) return;
        }
    }

    /// <summary>
    /// Reads one PDU and returns its event: <see cref="TransportClosed"/> when the connection ends or
    /// fails, <see cref="InvalidPduReceived"/> for a header <see cref="Frame"/> refuses (no body is read,
    /// nothing is allocated for it) or a body that does not parse. A P-DATA-TF's body is a pooled buffer
    /// that goes with its event. Cancelling <paramref name="token"/> throws.
    /// </summary>
    public async Task<UpperLayerEvent> ReadPduAsync(UpperLayerOptions limits, CancellationToken token)
    {
        byte[]? body = null;
        try
        {
            if (!await ReadHeaderAsync(token)) return new TransportClosed();
            TcpQuickAck.Rearm(_socket);
            PduReader.TryReadHeader(_header, out byte type, out uint length);
            if (Frame(type, length, limits) is { } invalid) return new InvalidPduReceived(invalid);
            body = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
            await connection.ReadExactlyAsync(body.AsMemory(0, (int)length), token);
            Counters.AddReceived(PduReader.HeaderLength + length);
            TcpQuickAck.Rearm(_socket);
            var pdu = PduReader.Parse((PduType)type, body.AsMemory(0, (int)length));
            if (pdu is not PDataTf data) return EventFor(pdu);
            var received = new PDataTfReceived(data, body);
            body = null; // returned by the machine once the event is handled
            return received;
        }
        catch (PduFormatException e)
        {
            return new InvalidPduReceived(e);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException or SocketException)
        {
            return new TransportClosed();
        }
        finally
        {
            if (body != null) ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>
    /// The check of a PDU header before its body is read, so a length field is never an allocation: a
    /// known PDU type (PS3.8 §9.3.1), and a length within our Maximum Length for a P-DATA-TF (PS3.8 §D.1)
    /// or <see cref="UpperLayerOptions.MaxOtherPduLength"/> for the others. Null when the body may be read.
    /// </summary>
    public static PduFormatException? Frame(byte type, uint length, UpperLayerOptions limits)
    {
        if (!PduReader.IsKnownType(type)) return new PduFormatException($"unrecognized PDU type 0x{type:X2}", AbortReason.UnrecognizedPdu);
        uint limit = type == (byte)PduType.PDataTf
            ? (limits.MaxReceivePduLength == 0 ? UnlimitedPDataTfLength : limits.MaxReceivePduLength)
            : limits.MaxOtherPduLength;
        return length > limit ? new PduFormatException($"PDU length {length} exceeds the limit of {limit}", AbortReason.InvalidPduParameterValue) : null;
    }

    public void Dispose()
    {
        try
        {
            connection.Dispose();
        }
        catch (IOException)
        {
        }
    }

    /// <summary>False when the connection ends before the header's first byte; an end inside it is an error.</summary>
    private async Task<bool> ReadHeaderAsync(CancellationToken token)
    {
        int read = 0;
        while (read < _header.Length)
        {
            int n = await connection.ReadAsync(_header.AsMemory(read), token);
            if (n == 0)
            {
                if (read == 0) return false;
                throw new EndOfStreamException("the connection closed inside a PDU header");
            }
            read += n;
        }
        return true;
    }

    private static UpperLayerEvent EventFor(Pdu.Pdu pdu) => pdu switch
    {
        AssociateAc ac => new AssociateAcReceived(ac),
        AssociateRj rj => new AssociateRjReceived(rj),
        AssociateRq rq => new AssociateRqReceived(rq),
        ReleaseRq => new ReleaseRqReceived(),
        ReleaseRp => new ReleaseRpReceived(),
        Abort abort => new AbortReceived(abort),
        _ => new InvalidPduReceived(new PduFormatException($"unrecognized PDU {pdu.Type}", AbortReason.UnrecognizedPdu)),
    };
}

/// <summary>A PDU could not be written: the connection failed, or the send timer ran out.</summary>
internal sealed class PduSendException(AssociationOutcome outcome, Exception inner) : IOException(outcome.ToString(), inner)
{
    public AssociationOutcome Outcome { get; } = outcome;
}
