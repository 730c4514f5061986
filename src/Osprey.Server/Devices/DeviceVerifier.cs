using System.Diagnostics;
using System.Net.Sockets;
using Osprey.Dicom.Dictionary;
using Osprey.Network.Client;
using Osprey.Network.Dimse;
using Osprey.Network.Security;
using Osprey.Network.UpperLayer;
using Osprey.Server.Security;
using Osprey.Server.Settings;

namespace Osprey.Server.Devices;

/// <summary>
/// The Devices page's "Verify" (issue 11): a C-ECHO (Verification SCU, PS3.4 Annex A) to a configured
/// device, as Osprey's Storage AE title, with the device's overrides and TLS (<see cref="DeviceClientOptions"/>).
/// Used by the page and by <c>POST /api/devices/{ae}/echo</c>.
/// </summary>
public static class DeviceVerifier
{
    /// <summary>The outcome of one verification.</summary>
    /// <param name="Success">The device accepted the association and answered C-ECHO with status 0000.</param>
    /// <param name="Status">The C-ECHO response status, when one came.</param>
    /// <param name="Milliseconds">Round-trip time from connect to release (success only).</param>
    /// <param name="Error">Why it failed, in one line (null on success).</param>
    public sealed record Result(bool Success, ushort? Status, long? Milliseconds, string? Error);

    /// <summary>Echoes the device of <paramref name="settings"/> whose AE title is <paramref name="aeTitle"/>; null when there is none.</summary>
    public static async Task<Result?> VerifyAsync(OspreySettings settings, string aeTitle)
    {
        var resolver = new SettingsResolver(settings);
        var device = resolver.Devices.FirstOrDefault(d => d.AeTitle.Trim() == aeTitle.Trim());
        if (device == null) return null;
        TlsCredentials credentials;
        try
        {
            credentials = TlsCredentials.Load(settings);
        }
        catch (SettingsException e)
        {
            return Fail(e.Problems[0]);
        }
        var options = DeviceClientOptions.For(device, resolver.Resolve(device.AeTitle), settings.Dicom.StorageAeTitle,
            [DicomUids.Verification], credentials.For(device));
        return await EchoAsync(options);
    }

    /// <summary>Connects with <paramref name="options"/>, sends one C-ECHO and releases.</summary>
    public static async Task<Result> EchoAsync(ClientOptions options)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await using var association = await ClientAssociation.ConnectAsync(options);
            if (association.ContextFor(DicomUids.Verification) == null)
            {
                await association.ReleaseAsync();
                return Fail("the association was accepted but not the Verification SOP Class");
            }
            var status = await association.EchoAsync();
            await association.ReleaseAsync();
            if (status != DimseStatus.Success)
                return new Result(false, status, null, $"C-ECHO answered with status 0x{status:X4}");
            return new Result(true, status, (long)Math.Round(clock.Elapsed.TotalMilliseconds), null);
        }
        catch (AssociationRejectedException e)
        {
            return Fail(e.Message);
        }
        catch (AssociationAbortedException e)
        {
            return Fail(Describe(e));
        }
        catch (TlsHandshakeException e)
        {
            return Fail(e.Message);
        }
        catch (SocketException e)
        {
            return Fail(Connect(e));
        }
        catch (IOException e)
        {
            return Fail("connection failed: " + e.Message);
        }
        catch (TimeoutException e)
        {
            return Fail("timed out: " + e.Message);
        }
    }

    private static Result Fail(string error) => new(false, null, null, error);

    private static string Describe(AssociationAbortedException e) => e.Outcome switch
    {
        AssociationOutcome.TransportFailure { Kind: TransportFailureKind.ConnectFailed, Cause: SocketException s } => Connect(s),
        AssociationOutcome.TransportFailure { Kind: TransportFailureKind.ConnectFailed, Cause: { } cause } => "cannot connect: " + cause.Message,
        AssociationOutcome.TimedOut t => "timed out: " + t,
        AssociationOutcome.Aborted a => "aborted: " + a,
        _ => e.Message,
    };

    private static string Connect(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
        SocketError.TimedOut => "timed out connecting",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        _ => "cannot connect: " + e.Message,
    };
}
