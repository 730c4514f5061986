namespace Osprey.Network.Association;

/// <summary>What the acceptor accepts, resolved for one association (the server's settings merged with the calling device's overrides).</summary>
public sealed record AcceptorPolicy
{
    /// <summary>Called AE titles this server answers to (Storage AE title, Archive Query AE title).</summary>
    public required IReadOnlyCollection<string> CalledAeTitles { get; init; }

    /// <summary>Dicom:PreferredTransferSyntax.</summary>
    public string PreferredTransferSyntax { get; init; } = "1.2.840.10008.1.2.1";

    /// <summary>Dicom:MaxPduSize: our Maximum Length sub-item.</summary>
    public uint MaxPduLength { get; init; } = 131072;

    /// <summary>Dicom:Timeouts:ReceiveSeconds for this association (null = none).</summary>
    public TimeSpan? ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Dicom:Timeouts:SendSeconds for this association (null = none).</summary>
    public TimeSpan? SendTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
