using System.Net;
using System.Net.Sockets;
using Osprey.Dicom.Dictionary;
using Osprey.Network.Association;
using Osprey.Network.Pdu;
using Osprey.Server.Services;
using Osprey.Server.Settings;

namespace Osprey.Server.Security;

/// <summary>
/// Access control of inbound associations, decided from the A-ASSOCIATE-RQ and the peer's address:
/// <list type="bullet">
/// <item><c>Dicom:AccessControl = known-devices</c>: a calling AE title that is not a device's, or a
/// device calling from an address that is not its <c>Host</c>'s (resolved at start), is rejected
/// (rejected-permanent, service-user, calling-AE-title-not-recognized, PS3.8 §9.3.4).</item>
/// <item>A device's <c>AllowedServices</c>, in every mode: the roles it may take for each SOP class,
/// so contexts of services it may not use are rejected at negotiation (abstract-syntax-not-supported).</item>
/// <item>User Identity (PS3.7 §D.3.3.7, <see cref="UserAuthenticator"/>): an identity that is not
/// accepted, or none when one is required, is rejected (rejected-permanent, service-user,
/// no-reason-given), and an accepted one that asked for it gets the positive response.</item>
/// </list>
/// </summary>
public sealed class AssociationAccess
{
    private readonly bool _knownDevicesOnly;
    private readonly SettingsResolver _resolver;
    private readonly Dictionary<string, IPAddress[]> _addresses;
    private readonly UserAuthenticator _users;

    private AssociationAccess(bool knownDevicesOnly, SettingsResolver resolver, Dictionary<string, IPAddress[]> addresses, UserAuthenticator users)
    {
        _knownDevicesOnly = knownDevicesOnly;
        _resolver = resolver;
        _addresses = addresses;
        _users = users;
    }

    /// <summary>
    /// Builds the access control of <paramref name="settings"/>; with <c>known-devices</c>, resolves each
    /// device's host name once (a name that does not resolve is reported through <paramref name="warn"/>, and
    /// that device cannot associate until the next start).
    /// </summary>
    public static async Task<AssociationAccess> CreateAsync(OspreySettings settings, SettingsResolver resolver, Action<string>? warn = null)
    {
        bool knownDevices = string.Equals(settings.Dicom.AccessControl?.Trim(), AccessControlModes.KnownDevices, StringComparison.OrdinalIgnoreCase);
        var addresses = new Dictionary<string, IPAddress[]>(StringComparer.Ordinal);
        if (knownDevices)
        {
            foreach (var device in resolver.Devices)
            {
                var host = device.Host.Trim();
                if (IPAddress.TryParse(host, out var ip))
                {
                    addresses[device.AeTitle.Trim()] = [Canonical(ip)];
                    continue;
                }
                try
                {
                    addresses[device.AeTitle.Trim()] = [.. (await Dns.GetHostAddressesAsync(host)).Select(Canonical)];
                }
                catch (SocketException e)
                {
                    addresses[device.AeTitle.Trim()] = [];
                    warn?.Invoke($"Devices: host \"{host}\" of device \"{device.AeTitle}\" does not resolve ({e.Message}); it cannot associate until the next start");
                }
            }
        }
        return new AssociationAccess(knownDevices, resolver, addresses,
            new UserAuthenticator(settings.Dicom.Users ?? [], settings.Dicom.RequireUserIdentity));
    }

    /// <summary>The access part of the acceptor's policy for this request: a rejection, or the roles and the identity answer.</summary>
    public AcceptorPolicy Apply(AcceptorPolicy policy, AssociateRq request, AssociationPeer peer)
    {
        var calling = request.CallingAeTitle.Trim();
        var device = _resolver.Resolve(calling).Device;
        if (_knownDevicesOnly)
        {
            if (device == null)
                return policy with { Rejection = AssociationRejection.CallingAeTitleNotRecognized($"calling AE title '{calling}' is not a known device (Dicom:AccessControl is known-devices)") };
            var from = peer.IpAddress;
            if (from == null || !_addresses.TryGetValue(calling, out var allowed) || !allowed.Contains(from))
                return policy with { Rejection = AssociationRejection.CallingAeTitleNotRecognized($"device '{calling}' is known at {device.Host}, not at {from?.ToString() ?? "an unknown address"}") };
        }

        var (user, refusal) = _users.Check(request.UserInformation.UserIdentity);
        if (refusal != null)
            return policy with { Rejection = AssociationRejection.NoReasonGiven($"user identity refused: {refusal}") };

        return policy with
        {
            Roles = device == null ? null : sopClass => RolesFor(device, sopClass),
            User = user,
            // PS3.7 §D.3.3.7.2: for the user name (and passcode) identities we accept, the server response is empty.
            UserIdentityResponse = user != null && request.UserInformation.UserIdentity is { PositiveResponseRequested: true }
                ? new UserIdentityAc([])
                : null,
        };
    }

    /// <summary>
    /// The roles <paramref name="device"/> may take for a SOP class: echo for Verification; find, move,
    /// get for their Query/Retrieve classes; for a storage class, SCU to store and SCP to receive the
    /// C-STOREs of its own C-GET.
    /// </summary>
    public static RequestorRoles RolesFor(RemoteDevice device, string sopClass)
    {
        RequestorRoles If(string service) => device.Allows(service) ? RequestorRoles.Scu : RequestorRoles.None;
        if (sopClass == DicomUids.Verification) return If(DeviceServices.Echo);
        if (QueryRetrieveSopClasses.Find.Contains(sopClass)) return If(DeviceServices.Find);
        if (QueryRetrieveSopClasses.Move.Contains(sopClass)) return If(DeviceServices.Move);
        if (QueryRetrieveSopClasses.Get.Contains(sopClass)) return If(DeviceServices.Get);
        return If(DeviceServices.Store) | (device.Allows(DeviceServices.Get) ? RequestorRoles.Scp : RequestorRoles.None);
    }

    private static IPAddress Canonical(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
}
