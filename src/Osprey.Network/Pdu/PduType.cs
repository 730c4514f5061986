namespace Osprey.Network.Pdu;

/// <summary>The PDU-type byte that opens each of the seven DICOM upper-layer PDUs (PS3.8 §9.3, Table 9-10).</summary>
public enum PduType : byte
{
    AssociateRq = 0x01,
    AssociateAc = 0x02,
    AssociateRj = 0x03,
    PDataTf = 0x04,
    ReleaseRq = 0x05,
    ReleaseRp = 0x06,
    Abort = 0x07,
}
