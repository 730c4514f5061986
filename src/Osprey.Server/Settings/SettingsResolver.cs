using System.Net;
using System.Text.Json;

namespace Osprey.Server.Settings;

/// <summary>
/// Merges the server's per-device settings with a remote device's overrides, by the remote AE title.
/// Built once from validated settings (a "Save and Restart" builds a new one): the effective settings
/// of the server and of every device are computed up front, so <see cref="Resolve(string?)"/> is a
/// lookup. Later changes to the <see cref="OspreySettings"/> object do not affect it.
/// </summary>
public sealed class SettingsResolver
{
    private readonly Dictionary<string, EffectiveSettings> _byAeTitle = new(StringComparer.Ordinal);

    /// <summary>A resolver for <paramref name="settings"/>, which must be valid (see <see cref="SettingsValidator"/>).</summary>
    /// <exception cref="SettingsException">The settings break a rule.</exception>
    public SettingsResolver(OspreySettings settings)
    {
        SettingsValidator.ThrowIfInvalid(settings);
        var d = settings.Dicom;
        Server = new EffectiveSettings
        {
            Device = null,
            PreferredTransferSyntax = TransferSyntaxChoices.Normalize(d.PreferredTransferSyntax)!,
            MaxPduSize = d.MaxPduSize,
            SendTimeout = EffectiveSettings.ToTimeout(d.Timeouts.SendSeconds),
            ReceiveTimeout = EffectiveSettings.ToTimeout(d.Timeouts.ReceiveSeconds),
            ConnectionTimeout = EffectiveSettings.ToTimeout(d.Timeouts.ConnectionSeconds),
            WaitTimeout = EffectiveSettings.ToTimeout(d.Timeouts.WaitSeconds),
            StorescuFlags = d.StorescuFlags ?? "",
            Storescu = StorescuFlagParser.Parse(d.StorescuFlags),
            CaseSensitiveQueries = d.CaseSensitiveQueries,
            EmptyMatching = d.EmptyMatching,
            QueryRetrieveLimit = d.QueryRetrieveLimit,
            RemovePrivateTags = d.RemovePrivateTags,
            SendUpdates = d.SendUpdates,
            AssociationHeartbeat = d.AssociationHeartbeat,
        };
        foreach (var device in settings.Devices)
        {
            var copy = Copy(device);
            _byAeTitle[copy.AeTitle.Trim()] = Merge(Server, copy);
        }
    }

    /// <summary>The server's own values, for an association with an AE that is not a known device.</summary>
    public EffectiveSettings Server { get; }

    /// <summary>The known devices (copies taken when the resolver was built).</summary>
    public IEnumerable<RemoteDevice> Devices => _byAeTitle.Values.Select(e => e.Device!);

    /// <summary>
    /// The settings for an association with <paramref name="remoteAeTitle"/> (its calling AE when it
    /// calls us, the called AE when we call it): the device's overrides over the server's values, or
    /// <see cref="Server"/> when no device has that AE title. AE titles are compared exactly, ignoring
    /// leading and trailing spaces (which DICOM does not count).
    /// </summary>
    public EffectiveSettings Resolve(string? remoteAeTitle) =>
        remoteAeTitle is not null && _byAeTitle.TryGetValue(remoteAeTitle.Trim(), out var effective) ? effective : Server;

    /// <summary>
    /// As <see cref="Resolve(string?)"/>, but a device whose <see cref="RemoteDevice.Host"/> is an IP
    /// address matches only when <paramref name="remoteAddress"/> is that address (IPv4-mapped IPv6
    /// counts as IPv4). A device whose host is a name matches on AE title alone (no DNS lookup is made).
    /// </summary>
    public EffectiveSettings Resolve(string? remoteAeTitle, IPAddress? remoteAddress)
    {
        var effective = Resolve(remoteAeTitle);
        if (effective.Device is null || remoteAddress is null || !IPAddress.TryParse(effective.Device.Host.Trim(), out var deviceAddress))
            return effective;
        return Canonical(deviceAddress).Equals(Canonical(remoteAddress)) ? effective : Server;
    }

    private static IPAddress Canonical(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;

    private static EffectiveSettings Merge(EffectiveSettings server, RemoteDevice device)
    {
        var o = device.Overrides;
        var t = o.Timeouts;
        return server with
        {
            Device = device,
            PreferredTransferSyntax = o.PreferredTransferSyntax is { } ts ? TransferSyntaxChoices.Normalize(ts)! : server.PreferredTransferSyntax,
            MaxPduSize = o.MaxPduSize ?? server.MaxPduSize,
            SendTimeout = t.SendSeconds is { } send ? EffectiveSettings.ToTimeout(send) : server.SendTimeout,
            ReceiveTimeout = t.ReceiveSeconds is { } receive ? EffectiveSettings.ToTimeout(receive) : server.ReceiveTimeout,
            ConnectionTimeout = t.ConnectionSeconds is { } connection ? EffectiveSettings.ToTimeout(connection) : server.ConnectionTimeout,
            WaitTimeout = t.WaitSeconds is { } wait ? EffectiveSettings.ToTimeout(wait) : server.WaitTimeout,
            StorescuFlags = o.StorescuFlags ?? server.StorescuFlags,
            Storescu = o.StorescuFlags is { } flags ? StorescuFlagParser.Parse(flags) : server.Storescu,
            CaseSensitiveQueries = o.CaseSensitiveQueries ?? server.CaseSensitiveQueries,
            EmptyMatching = o.EmptyMatching ?? server.EmptyMatching,
            QueryRetrieveLimit = o.QueryRetrieveLimit ?? server.QueryRetrieveLimit,
            RemovePrivateTags = o.RemovePrivateTags ?? server.RemovePrivateTags,
            SendUpdates = o.SendUpdates ?? server.SendUpdates,
            AssociationHeartbeat = o.AssociationHeartbeat ?? server.AssociationHeartbeat,
        };
    }

    /// <summary>A deep copy of <paramref name="d"/> (through JSON, so it follows the model), so the resolver's view cannot change under it.</summary>
    private static RemoteDevice Copy(RemoteDevice d)
    {
        var copy = JsonSerializer.Deserialize<RemoteDevice>(JsonSerializer.Serialize(d))!;
        copy.AllowedServices ??= [];
        copy.Overrides ??= new();
        copy.Overrides.Timeouts ??= new();
        return copy;
    }
}
