namespace Osprey.Server.Settings;

/// <summary>
/// The per-device settings that apply to one association: the server's values with the remote
/// device's overrides applied (see <see cref="SettingsResolver"/>). Immutable; handlers read these
/// and never raw configuration. Timeouts of <c>0</c> in the settings are
/// <see cref="Timeout.InfiniteTimeSpan"/> here.
/// </summary>
public sealed record EffectiveSettings
{
    /// <summary>The known device of the association, or null when the remote AE is not a known device (server values apply). A copy taken by the resolver: read it, do not change it.</summary>
    public RemoteDevice? Device { get; init; }

    /// <summary>Preferred transfer syntax UID.</summary>
    public required string PreferredTransferSyntax { get; init; }

    /// <summary>Maximum PDU length Osprey receives.</summary>
    public required int MaxPduSize { get; init; }

    /// <summary>Send timer: for a send to complete / for the response to what we sent.</summary>
    public required TimeSpan SendTimeout { get; init; }

    /// <summary>Receive timer: for the next PDU/PDV on an open association.</summary>
    public required TimeSpan ReceiveTimeout { get; init; }

    /// <summary>Connection timer: for the association request (acceptor) or its acknowledgement (requestor).</summary>
    public required TimeSpan ConnectionTimeout { get; init; }

    /// <summary>Wait timer: for the next C-MOVE response when Osprey is the C-MOVE requestor.</summary>
    public required TimeSpan WaitTimeout { get; init; }

    /// <summary>The storescu flags as written.</summary>
    public required string StorescuFlags { get; init; }

    /// <summary>The storescu flags, parsed.</summary>
    public required StorescuOptions Storescu { get; init; }

    /// <summary>Text matching respects case.</summary>
    public required bool CaseSensitiveQueries { get; init; }

    /// <summary>An empty or absent stored attribute matches any criterion on it.</summary>
    public required bool EmptyMatching { get; init; }

    /// <summary>Most matches one query returns; <c>0</c>: no limit.</summary>
    public required int QueryRetrieveLimit { get; init; }

    /// <summary>Strip private elements from what is forwarded.</summary>
    public required bool RemovePrivateTags { get; init; }

    /// <summary>Forward later changes of a study already forwarded.</summary>
    public required bool SendUpdates { get; init; }

    /// <summary>Keep associations open between transmission requests.</summary>
    public required bool AssociationHeartbeat { get; init; }

    /// <summary>Seconds from the settings as a timeout: <c>0</c> is <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public static TimeSpan ToTimeout(int seconds) => seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds);
}
