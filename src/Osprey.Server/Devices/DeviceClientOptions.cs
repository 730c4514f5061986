using Osprey.Network.Client;
using Osprey.Server.Cli;
using Osprey.Server.Settings;

namespace Osprey.Server.Devices;

/// <summary>
/// The requestor options for calling a configured remote device: its address and AE title, with the
/// server's settings merged with the device's overrides (SETTINGS.md "per device": preferred transfer
/// syntax proposed first, PDU size, connection/receive/send timers, and the wait timer for responses),
/// over TLS when the device says so.
/// </summary>
public static class DeviceClientOptions
{
    /// <param name="tls">The device's TLS options (<see cref="Security.TlsCredentials.For"/>); null: plain TCP.</param>
    public static ClientOptions For(RemoteDevice device, EffectiveSettings effective, string callingAeTitle,
        IReadOnlyList<string> abstractSyntaxes, Network.Security.TlsClientOptions? tls = null)
    {
        var offered = new List<string> { effective.PreferredTransferSyntax };
        foreach (var ts in Osprey.Network.Association.PresentationContextNegotiator.FallbackOrder)
            if (!offered.Contains(ts)) offered.Add(ts);
        return new ClientOptions
        {
            Host = device.Host,
            Port = device.Port,
            CallingAeTitle = callingAeTitle,
            CalledAeTitle = device.AeTitle,
            Tls = tls,
            Proposals = abstractSyntaxes.Select(a => (a, (IReadOnlyList<string>)offered)).ToList(),
            MaxPduLength = (uint)effective.MaxPduSize,
            Timers = new()
            {
                ConnectionTimeout = ServeCommand.Timer(effective.ConnectionTimeout),
                ReceiveTimeout = ServeCommand.Timer(effective.ReceiveTimeout),
                SendTimeout = ServeCommand.Timer(effective.SendTimeout),
            },
            ResponseTimeout = ServeCommand.Timer(effective.WaitTimeout),
        };
    }
}
