namespace Osprey.Network.Pdu;

/// <summary>
/// A DICOM upper-layer protocol data unit (PS3.8 §9.3). <see cref="PduReader"/> parses one from the bytes
/// after its 6-byte header; <see cref="PduWriter"/> encodes one, header included.
/// </summary>
/// <remarks>
/// A file whose namespace is a child of <c>Osprey.Network</c> sees the namespace <c>Osprey.Network.Pdu</c>
/// before an imported type named <c>Pdu</c>: place <c>using Osprey.Network.Pdu;</c> after the
/// <c>namespace</c> line (or write <c>Pdu.Pdu</c>) to name this type there.
/// </remarks>
public abstract record Pdu
{
    public abstract PduType Type { get; }
}
