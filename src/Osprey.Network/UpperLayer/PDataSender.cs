using System.Buffers;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;

namespace Osprey.Network.UpperLayer;

/// <summary>
/// Sends a DIMSE message (a command set or a data set) as P-DATA requests: one P-DATA-TF PDU per
/// PDV, each PDV no larger than the peer's Maximum Length allows (PS3.8 §9.3.5, Annex E).
/// </summary>
public static class PDataSender
{
    /// <summary>
    /// Streams a data set from <paramref name="dataSet"/> in PDVs of the largest size the peer takes,
    /// never holding more than one PDU of it: a 2 GB instance is sent with memory of one PDU.
    /// </summary>
    public static async Task SendAsync(UpperLayerMachine machine, byte contextId, Stream dataSet)
    {
        int chunk = DimseFragmenter.MaxPdvDataLength(machine.PeerMaxPduLength);
        var buffer = ArrayPool<byte>.Shared.Rent(PduWriter.PDataTfHeaderLength + chunk);
        var next = ArrayPool<byte>.Shared.Rent(chunk);
        try
        {
            // Read one chunk ahead, so the last PDV can carry the last-fragment bit.
            int pending = await FillAsync(dataSet, next.AsMemory(0, chunk));
            bool sentAny = false;
            while (pending > 0 || !sentAny)
            {
                next.AsSpan(0, pending).CopyTo(buffer.AsSpan(PduWriter.PDataTfHeaderLength));
                int length = pending;
                pending = length == 0 ? 0 : await FillAsync(dataSet, next.AsMemory(0, chunk));
                bool last = pending == 0;
                PduWriter.WritePDataTfHeader(buffer.AsSpan(0, PduWriter.PDataTfHeaderLength), contextId, PresentationDataValue.Header(command: false, last), length);
                await machine.SendPDataAsync(buffer.AsMemory(0, PduWriter.PDataTfHeaderLength + length));
                sentAny = true;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static async Task<int> FillAsync(Stream stream, Memory<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    public static async Task SendAsync(UpperLayerMachine machine, byte contextId, bool isCommand, ReadOnlyMemory<byte> message)
    {
        foreach (var pdv in DimseFragmenter.Fragment(contextId, isCommand, message, machine.PeerMaxPduLength))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(PduWriter.PDataTfHeaderLength + pdv.Data.Length);
            try
            {
                PduWriter.WritePDataTfHeader(buffer.AsSpan(0, PduWriter.PDataTfHeaderLength), pdv.PresentationContextId, pdv.MessageControlHeader, pdv.Data.Length);
                pdv.Data.Span.CopyTo(buffer.AsSpan(PduWriter.PDataTfHeaderLength));
                await machine.SendPDataAsync(buffer.AsMemory(0, PduWriter.PDataTfHeaderLength + pdv.Data.Length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
