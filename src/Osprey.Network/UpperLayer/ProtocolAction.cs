namespace Osprey.Network.UpperLayer;

/// <summary>
/// The actions of the DICOM upper layer protocol machine (PS3.8 §9.2, Tables 9-6 to 9-9):
/// association establishment (AE), data transfer (DT), release (AR) and abort (AA).
/// </summary>
public enum ProtocolAction
{
    /// <summary>Issue TRANSPORT CONNECT request primitive to local transport service; next Sta4.</summary>
    AE1,
    /// <summary>Send A-ASSOCIATE-RQ PDU; next Sta5.</summary>
    AE2,
    /// <summary>Issue A-ASSOCIATE confirmation (accept) primitive; next Sta6.</summary>
    AE3,
    /// <summary>Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection; next Sta1.</summary>
    AE4,
    /// <summary>Issue transport connection response primitive; start ARTIM timer; next Sta2.</summary>
    AE5,
    /// <summary>Stop ARTIM; if the A-ASSOCIATE-RQ is acceptable to the service provider issue an A-ASSOCIATE indication (next Sta3), else send A-ASSOCIATE-RJ and start ARTIM (next Sta13).</summary>
    AE6,
    /// <summary>Send A-ASSOCIATE-AC PDU; next Sta6.</summary>
    AE7,
    /// <summary>Send A-ASSOCIATE-RJ PDU and start ARTIM timer; next Sta13.</summary>
    AE8,
    /// <summary>Send P-DATA-TF PDU; next Sta6.</summary>
    DT1,
    /// <summary>Send P-DATA indication primitive; next Sta6.</summary>
    DT2,
    /// <summary>Send A-RELEASE-RQ PDU; next Sta7.</summary>
    AR1,
    /// <summary>Issue A-RELEASE indication primitive; next Sta8.</summary>
    AR2,
    /// <summary>Issue A-RELEASE confirmation primitive and close transport connection; next Sta1.</summary>
    AR3,
    /// <summary>Issue A-RELEASE-RP PDU and start ARTIM timer; next Sta13.</summary>
    AR4,
    /// <summary>Stop ARTIM timer; next Sta1.</summary>
    AR5,
    /// <summary>Issue P-DATA indication; next Sta7.</summary>
    AR6,
    /// <summary>Issue P-DATA-TF PDU; next Sta8.</summary>
    AR7,
    /// <summary>Issue A-RELEASE indication (release collision): next Sta9 for the requestor, Sta10 for the acceptor.</summary>
    AR8,
    /// <summary>Send A-RELEASE-RP PDU; next Sta11.</summary>
    AR9,
    /// <summary>Issue A-RELEASE confirmation primitive; next Sta12.</summary>
    AR10,
    /// <summary>Send A-ABORT PDU (service-user source) and start (or restart) ARTIM timer; next Sta13.</summary>
    AA1,
    /// <summary>Stop ARTIM timer if running; close transport connection; next Sta1.</summary>
    AA2,
    /// <summary>Issue A-ABORT (service-user) or A-P-ABORT (service-provider) indication and close transport connection; next Sta1.</summary>
    AA3,
    /// <summary>Issue A-P-ABORT indication primitive; next Sta1.</summary>
    AA4,
    /// <summary>Stop ARTIM timer; next Sta1.</summary>
    AA5,
    /// <summary>Ignore PDU; next Sta13.</summary>
    AA6,
    /// <summary>Send A-ABORT PDU; next Sta13.</summary>
    AA7,
    /// <summary>Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer; next Sta13.</summary>
    AA8,
}
