using Osprey.Network.Dimse;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Client;

/// <summary>Where and as whom a requestor associates, and its limits (a remote device's overrides already applied).</summary>
public sealed record ClientOptions
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public string CallingAeTitle { get; init; } = "OSPREY";
    public string CalledAeTitle { get; init; } = "ANY-SCP";

    /// <summary>Connect over TLS (PS3.15 Annex B) with these credentials and checks; null: plain TCP.</summary>
    public Security.TlsClientOptions? Tls { get; init; }

    /// <summary>A User Identity sub-item to propose (PS3.7 §D.3.3.7); null: none.</summary>
    public Pdu.UserIdentityRq? UserIdentity { get; init; }

    /// <summary>Abstract syntaxes to propose, each with the transfer syntaxes to offer for it.</summary>
    public IReadOnlyList<(string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)> Proposals { get; init; } =
        [("1.2.840.10008.1.1", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"])];

    /// <summary>Our Maximum Length (PS3.8 §D.1).</summary>
    public uint MaxPduLength { get; init; } = 131072;

    /// <summary>Connection (A-ASSOCIATE-AC/RJ), receive and send timers.</summary>
    public UpperLayerOptions Timers { get; init; } = new();

    /// <summary>Receives a line for every state machine transition (for --verbose and tests).</summary>
    public Action<string>? Trace { get; init; }

    /// <summary>The wait timer: how long to wait for each response to a request (0/null = forever).</summary>
    public TimeSpan? ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// SOP classes for which we propose an SCP/SCU Role Selection item (PS3.7 §D.3.3.4) with both
    /// roles, SCU and SCP: the peer may then send us requests of that class, as a C-GET SCP sends its
    /// C-STORE sub-operations for the storage SOP classes of the instances retrieved (PS3.4 C.4.3.3).
    /// Each class also needs a proposed presentation context in <see cref="Proposals"/>.
    /// </summary>
    public IReadOnlyList<string> ScpRoleSopClasses { get; init; } = [];

    /// <summary>
    /// SOP Class Extended Negotiation sub-items to propose (PS3.7 §D.3.3.5), e.g. relational queries
    /// for a C-FIND SOP class (PS3.4 C.5.1). The peer's answers are in the A-ASSOCIATE-AC's user information.
    /// </summary>
    public IReadOnlyList<Pdu.SopClassExtendedNegotiation> ExtendedNegotiations { get; init; } = [];

    /// <summary>
    /// Answers each C-STORE-RQ the peer sends on the association (C-GET sub-operations): it gets the
    /// command, the data set as a stream that fills as it arrives (in the transfer syntax of the context
    /// it came on, never held whole: a slow reader slows the peer) and that context's ID, and returns
    /// the C-STORE-RSP status (an exception answers Processing Failure, 0110H). Read the data set before
    /// returning. Calls come one at a time, off the association's loop; the callback must not use this
    /// association. Without it, such requests are answered Unrecognized Operation (0211H).
    /// </summary>
    public Func<DimseCommand, System.IO.Pipelines.PipeReader, byte, Task<ushort>>? OnStoreRequest { get; init; }
}
