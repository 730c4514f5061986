using Osprey.Network.Pdu;

namespace Osprey.Network.Dimse;

/// <summary>
/// Splits an encoded command set or data set into presentation data values for P-DATA-TF PDUs
/// (PS3.8 Annex E, PS3.7 §6.3.1): each small enough that a PDU holding it alone stays within the
/// Maximum Length the peer announced (PS3.8 §D.1), the last marked as the last fragment.
/// </summary>
public static class DimseFragmenter
{
    /// <summary>
    /// Bytes a PDV item takes in the PDU's variable field besides its data: the 4-byte item length,
    /// the presentation context ID and the message control header (PS3.8 §9.3.5.1, Annex E.2).
    /// </summary>
    public const int PdvItemOverhead = 6;

    /// <summary>
    /// The most data put in one PDV whatever the peer allows: a peer Maximum Length of 0 means no
    /// limit (PS3.8 §D.1), and huge PDUs would only cost memory on both sides.
    /// </summary>
    public const int MaxPdvDataLengthCap = 1024 * 1024;

    /// <summary>
    /// The most data one PDV may carry when each P-DATA-TF PDU holds one PDV: the peer's maximum
    /// PDU length (the length of the PDU's variable field) less <see cref="PdvItemOverhead"/>, at most
    /// <see cref="MaxPdvDataLengthCap"/>; the cap alone when the peer announced 0 (no limit).
    /// A maximum of 1 to 6 leaves no room for data and is refused.
    /// </summary>
    public static int MaxPdvDataLength(uint peerMaxPduLength)
    {
        if (peerMaxPduLength == 0) return MaxPdvDataLengthCap;
        if (peerMaxPduLength <= PdvItemOverhead)
            throw new ArgumentOutOfRangeException(nameof(peerMaxPduLength), peerMaxPduLength,
                $"a maximum PDU length of {peerMaxPduLength} leaves no room for the data of a PDV item ({PdvItemOverhead} bytes of header)");
        return (int)Math.Min(peerMaxPduLength - PdvItemOverhead, MaxPdvDataLengthCap);
    }

    /// <summary>
    /// The PDVs of one command set (<paramref name="isCommand"/>) or data set, in order: slices of
    /// <paramref name="message"/> (nothing is copied) of <see cref="MaxPdvDataLength"/> bytes, but
    /// the last, which carries the last-fragment bit. An empty message yields one empty last PDV.
    /// </summary>
    public static IEnumerable<PresentationDataValue> Fragment(byte presentationContextId, bool isCommand, ReadOnlyMemory<byte> message, uint peerMaxPduLength)
    {
        int max = MaxPdvDataLength(peerMaxPduLength); // checked now, not when enumerated
        return Enumerate(presentationContextId, isCommand, message, max);
    }

    private static IEnumerable<PresentationDataValue> Enumerate(byte presentationContextId, bool isCommand, ReadOnlyMemory<byte> message, int max)
    {
        do
        {
            int n = Math.Min(max, message.Length);
            bool last = n == message.Length;
            yield return new PresentationDataValue(presentationContextId, PresentationDataValue.Header(isCommand, last), message[..n]);
            message = message[n..];
            if (last) yield break;
        } while (true);
    }
}
