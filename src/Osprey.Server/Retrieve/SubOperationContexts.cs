using Osprey.Archive.Index;
using Osprey.Network.Services;

namespace Osprey.Server.Retrieve;

/// <summary>
/// The presentation contexts Osprey proposes for the C-STORE sub-operations of a C-MOVE (PS3.4
/// C.4.2.3.1): for each SOP class to send, one context per transfer syntax its instances are stored
/// in, so that the destination can take them as they are, and one with Explicit and Implicit VR
/// Little Endian, so that it can take any natively encoded instance transcoded. At most 128 contexts fit an
/// association (PS3.8 §9.3.2.2: odd identifiers 1–255); instances whose contexts do not fit are
/// sent as failed sub-operations by the caller.
/// </summary>
public static class SubOperationContexts
{
    public const int MaxContexts = 128;

    /// <summary>The uncompressed syntaxes every native instance can be sent in, most widely accepted first.</summary>
    public static IReadOnlyList<string> Uncompressed { get; } = ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"];

    public static IReadOnlyList<(string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)> Propose(IEnumerable<IndexedInstance> instances, string preferredTransferSyntax)
    {
        var uncompressed = new List<string>();
        if (Uncompressed.Contains(preferredTransferSyntax)) uncompressed.Add(preferredTransferSyntax);
        foreach (var ts in Uncompressed)
            if (!uncompressed.Contains(ts)) uncompressed.Add(ts);

        var proposals = new List<(string, IReadOnlyList<string>)>();
        var seen = new HashSet<(string, string)>();
        foreach (var group in instances.GroupBy(i => i.SopClassUid, StringComparer.Ordinal))
        {
            foreach (var stored in group.Select(i => i.TransferSyntaxUid).Distinct(StringComparer.Ordinal))
            {
                if (uncompressed.Contains(stored)) continue; // the uncompressed context below offers it
                if (proposals.Count < MaxContexts && seen.Add((group.Key, stored))) proposals.Add((group.Key, [stored]));
            }
            if (proposals.Count < MaxContexts && seen.Add((group.Key, ""))) proposals.Add((group.Key, uncompressed));
        }
        return proposals;
    }

    /// <summary>
    /// The accepted context to send <paramref name="instance"/> on: one with its stored transfer
    /// syntax if there is one, else one with a syntax it can be transcoded to; null when none fits.
    /// </summary>
    public static AcceptedPresentationContext? Choose(IEnumerable<AcceptedPresentationContext> accepted, IndexedInstance instance)
    {
        AcceptedPresentationContext? transcoded = null;
        foreach (var context in accepted)
        {
            if (context.AbstractSyntax != instance.SopClassUid) continue;
            if (context.TransferSyntax == instance.TransferSyntaxUid) return context;
            if (transcoded is null && StoredDataSet.CanSendAs(instance.TransferSyntaxUid, context.TransferSyntax)) transcoded = context;
        }
        return transcoded;
    }
}
