using Osprey.Network.Pdu;

namespace Osprey.Network.Association;

/// <summary>
/// Presentation context negotiation as a pure function (PS3.8 §7.1.1.13, §9.3.3.2): for each proposed
/// context, acceptance with one transfer syntax, or rejection with the reason the standard defines.
/// </summary>
public static class PresentationContextNegotiator
{
    /// <summary>
    /// The transfer syntaxes Osprey falls back to, in order, when the preferred one is not proposed:
    /// Explicit VR Little Endian, Implicit VR Little Endian (the default every peer supports),
    /// Deflated Explicit VR Little Endian, Explicit VR Big Endian.
    /// </summary>
    public static readonly IReadOnlyList<string> FallbackOrder =
        ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2"];

    /// <param name="proposed">The contexts of the A-ASSOCIATE-RQ.</param>
    /// <param name="acceptedTransferSyntaxes">
    /// For an abstract syntax that a registered service handles, the transfer syntaxes it takes
    /// (beyond the uncompressed ones every service takes); null when no service handles it.
    /// </param>
    /// <param name="preferredTransferSyntax">Dicom:PreferredTransferSyntax: chosen whenever proposed and acceptable.</param>
    public static IReadOnlyList<PresentationContextAc> Negotiate(
        IReadOnlyList<PresentationContextRq> proposed,
        Func<string, IReadOnlyCollection<string>?> acceptedTransferSyntaxes,
        string preferredTransferSyntax)
    {
        var result = new List<PresentationContextAc>(proposed.Count);
        foreach (var pc in proposed)
        {
            var accepted = acceptedTransferSyntaxes(pc.AbstractSyntax);
            if (accepted == null)
            {
                result.Add(new PresentationContextAc(pc.Id, PresentationContextResult.AbstractSyntaxNotSupported, pc.TransferSyntaxes.FirstOrDefault() ?? ""));
                continue;
            }
            var chosen = Choose(pc.TransferSyntaxes, accepted, preferredTransferSyntax);
            result.Add(chosen == null
                ? new PresentationContextAc(pc.Id, PresentationContextResult.TransferSyntaxesNotSupported, pc.TransferSyntaxes.FirstOrDefault() ?? "")
                : new PresentationContextAc(pc.Id, PresentationContextResult.Acceptance, chosen));
        }
        return result;
    }

    private static string? Choose(IReadOnlyList<string> offered, IReadOnlyCollection<string> accepted, string preferred)
    {
        bool Acceptable(string ts) => accepted.Contains(ts);
        if (offered.Contains(preferred) && Acceptable(preferred)) return preferred;
        foreach (var ts in FallbackOrder)
            if (offered.Contains(ts) && Acceptable(ts)) return ts;
        // Then whatever else the service takes (an encapsulated syntax), in the requestor's order.
        return offered.FirstOrDefault(Acceptable);
    }
}
