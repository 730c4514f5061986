using Osprey.Archive.Query;
using Osprey.Network.Services;

namespace Osprey.Server.Services;

/// <summary>The Query/Retrieve extended negotiation (PS3.4 C.5) that holds on an association for a SOP class.</summary>
internal static class AssociationQueryNegotiation
{
    /// <summary>What was accepted for the SOP class at association time; none when the requestor offered nothing.</summary>
    public static QueryExtendedNegotiation QueryNegotiation(this AssociationInfo association, string sopClassUid)
        => association.ExtendedNegotiation.TryGetValue(sopClassUid, out var accepted) ? QueryExtendedNegotiation.Parse(accepted) : QueryExtendedNegotiation.None;

    /// <summary>The reply to an offer (PS3.4 C.5.1, C.5.2, C.5.3): what Osprey supports of it; nothing for an empty offer.</summary>
    public static byte[]? Accept(byte[] offered) => offered.Length == 0 ? null : QueryExtendedNegotiation.Accepted(offered);
}
