namespace Osprey.Network.Pdu;

/// <summary>
/// A presentation data value item of a P-DATA-TF PDU (PS3.8 §9.3.5.1): the presentation context it
/// belongs to, the message control header (bit 0: command or data set; bit 1: last fragment) and a
/// fragment of a DIMSE message (PS3.8 Annex E).
/// </summary>
public readonly record struct PresentationDataValue(byte PresentationContextId, byte MessageControlHeader, ReadOnlyMemory<byte> Data)
{
    public const byte CommandBit = 0x01;
    public const byte LastFragmentBit = 0x02;

    public bool IsCommand => (MessageControlHeader & CommandBit) != 0;
    public bool IsLastFragment => (MessageControlHeader & LastFragmentBit) != 0;

    public static byte Header(bool command, bool last) => (byte)((command ? CommandBit : 0) | (last ? LastFragmentBit : 0));
}
