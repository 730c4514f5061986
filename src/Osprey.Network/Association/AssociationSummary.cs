using Osprey.Network.UpperLayer;

namespace Osprey.Network.Association;

/// <summary>One line per association for the log: who, what was accepted, how long, how it ended.</summary>
public sealed record AssociationSummary(string RemoteAddress, string CallingAeTitle, string CalledAeTitle, IReadOnlyList<string> AcceptedAbstractSyntaxes, TimeSpan Duration, string Outcome)
{
    /// <summary>The TLS protocol and cipher suite the association ran over, or null for plain TCP.</summary>
    public string? Tls { get; init; }

    /// <summary>The user it was accepted for (User Identity negotiation), or null.</summary>
    public string? User { get; init; }

    /// <summary>Why it was rejected, in words, when it was; null otherwise.</summary>
    public string? Rejection { get; init; }

    /// <summary>How it ended, typed; <see cref="Outcome"/> is its wording for the log.</summary>
    public AssociationOutcome? AssociationOutcome { get; init; }

    /// <summary>How many requests of each kind the peer sent (C-STORE, C-FIND, …), in the order first seen.</summary>
    public IReadOnlyList<KeyValuePair<Osprey.Network.Dimse.DimseCommandField, int>> Requests { get; init; } = [];
}
