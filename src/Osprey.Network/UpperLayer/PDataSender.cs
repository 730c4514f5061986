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
