using Osprey.Network.Pdu;

namespace Osprey.Network.Association;

/// <summary>
/// What the acceptor accepts, resolved for one association from its A-ASSOCIATE-RQ and its peer: the
/// server's settings merged with the calling device's overrides, and the verdict of access control.
/// </summary>
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

    /// <summary>Set when the association is refused (access control, user identity) before anything is negotiated.</summary>
    public AssociationRejection? Rejection { get; init; }

    /// <summary>The roles the requestor may take for an abstract syntax; null: any role for any served SOP class.</summary>
    public Func<string, RequestorRoles>? Roles { get; init; }

    /// <summary>The A-ASSOCIATE-AC's User Identity sub-item (PS3.7 §D.3.3.7.2), when an accepted identity asked for a positive response.</summary>
    public UserIdentityAc? UserIdentityResponse { get; init; }

    /// <summary>The user the association was accepted for (User Identity negotiation), for the log; null: none.</summary>
    public string? User { get; init; }
}
