using Osprey.Network.UpperLayer;

namespace Osprey.Network.Client;

/// <summary>Where and as whom a requestor associates, and its limits (a remote device's overrides already applied).</summary>
public sealed record ClientOptions
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public string CallingAeTitle { get; init; } = "OSPREY";
    public string CalledAeTitle { get; init; } = "ANY-SCP";

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
}
