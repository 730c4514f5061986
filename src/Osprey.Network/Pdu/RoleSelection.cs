namespace Osprey.Network.Pdu;

/// <summary>
/// SCP/SCU Role Selection sub-item (54H, PS3.7 D.3.3.4): for one SOP class, whether the sender proposes
/// (in a request) or accepts (in an accept) the requestor acting as SCU and as SCP. Encoded as role bytes 0 or 1.
/// </summary>
public sealed record RoleSelection(string SopClassUid, bool ScuRole, bool ScpRole);
