namespace Osprey.Network.Association;

/// <summary>
/// The roles a requestor may take for a SOP class (PS3.7 §D.3.3.4): SCU (it sends us requests, e.g.
/// C-STORE to store), SCP (it takes our requests, e.g. the C-STOREs of its C-GET). Access control
/// narrows them per device; a context whose proposed roles are all refused is rejected.
/// </summary>
[Flags]
public enum RequestorRoles
{
    None = 0,
    Scu = 1,
    Scp = 2,
    Both = Scu | Scp,
}
