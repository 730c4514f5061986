using System.CommandLine;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Osprey.Network.Client;
using Osprey.Network.Dimse;
using Osprey.Network.Pdu;
using Osprey.Network.Security;
using Osprey.Network.UpperLayer;

namespace Osprey.Server.Cli;

/// <summary>
/// <c>osprey echo HOST PORT</c>: a C-ECHO (Verification SCU, PS3.4 Annex A) to a remote AE, over TCP
/// or TLS (<c>--tls</c>), optionally with a user identity (<c>--user</c>, <c>--password</c>). Exit 0
/// on success; otherwise one line saying why (cannot connect, rejected and why, aborted, failure
/// status) and exit 1.
/// </summary>
public static class EchoCommand
{
    public static Command Create()
    {
        var host = new Argument<string?>("host") { Description = "Host name or address of the remote AE.", Arity = ArgumentArity.ZeroOrOne };
        var port = new Argument<int?>("port") { Description = "TCP port of the remote AE.", Arity = ArgumentArity.ZeroOrOne };
        var device = new Option<string?>("--device") { Description = "Echo a configured remote device (by AE title) with its settings overrides, instead of HOST PORT." };
        var data = new Option<DirectoryInfo>("--data") { Description = "Data directory whose settings.json lists the devices (with --device).", DefaultValueFactory = _ => new DirectoryInfo("osprey-data") };
        var aet = new Option<string>("--aet") { Description = "Our (calling) AE title.", DefaultValueFactory = _ => "OSPREY" };
        var aec = new Option<string>("--aec") { Description = "The remote (called) AE title.", DefaultValueFactory = _ => "ANY-SCP" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for connection and response.", DefaultValueFactory = _ => 30 };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print each upper layer state transition (PS3.8 Table 9-10)." };
        var tls = new Option<bool>("--tls") { Description = "Connect with DICOM over TLS (PS3.15 Annex B, TLS 1.2/1.3)." };
        var cert = new Option<string?>("--cert") { Description = "With --tls: our certificate file (PEM, or PKCS#12 .p12/.pfx) for servers that require one." };
        var key = new Option<string?>("--key") { Description = "With --tls: the PEM private key of --cert, when it is a separate file." };
        var ca = new Option<string?>("--ca") { Description = "With --tls: PEM file of the certificates trusted to sign the server's (default: the system's roots)." };
        var noVerifyHost = new Option<bool>("--no-verify-host") { Description = "With --tls: do not check that the server's certificate names HOST." };
        var user = new Option<string?>("--user") { Description = "User Identity negotiation (PS3.7 D.3.3.7): the user name." };
        var password = new Option<string?>("--password") { Description = "With --user: the password (else the user name alone is sent)." };
        var command = new Command("echo", "Send a C-ECHO to a remote AE (DICOM verification).")
        {
            host, port, aet, aec, timeout, verbose, device, data, tls, cert, key, ca, noVerifyHost, user, password,
        };
        command.SetAction(async (parse, token) =>
        {
            if (parse.GetValue(device) is { } deviceAe)
                return await RunForDeviceAsync(parse.GetValue(data)!.FullName, deviceAe, Console.Out, Console.Error, parse.GetValue(verbose));
            if (parse.GetValue(host) is not { } h || parse.GetValue(port) is not { } p)
            {
                Console.Error.WriteLine("osprey echo: give HOST PORT, or --device AE_TITLE");
                return 2;
            }
            TlsClientOptions? security = null;
            if (parse.GetValue(tls))
            {
                try
                {
                    security = new TlsClientOptions
                    {
                        ClientCertificate = parse.GetValue(cert) is { } c ? CertificateFiles.LoadIdentity(c, parse.GetValue(key), null) : null,
                        Trusted = parse.GetValue(ca) is { } bundle ? CertificateFiles.LoadBundle(bundle) : null,
                        VerifyHostName = !parse.GetValue(noVerifyHost),
                    };
                }
                catch (System.Security.Cryptography.CryptographicException e)
                {
                    Console.Error.WriteLine($"osprey echo: {e.Message}");
                    return 1;
                }
            }
            else if (parse.GetValue(cert) != null || parse.GetValue(ca) != null)
            {
                Console.Error.WriteLine("osprey echo: --cert and --ca need --tls");
                return 2;
            }
            var identity = parse.GetValue(user) is { } name
                ? new UserIdentityRq(parse.GetValue(password) is null ? UserIdentityType.Username : UserIdentityType.UsernameAndPasscode, PositiveResponseRequested: true,
                    Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(parse.GetValue(password) ?? ""))
                : null;
            return await RunAsync(h, p, parse.GetValue(aet)!, parse.GetValue(aec)!, parse.GetValue(timeout), Console.Out, Console.Error, parse.GetValue(verbose), security, identity);
        });
        return command;
    }

    public static Task<int> RunAsync(string host, int port, string callingAe, string calledAe, int timeoutSeconds, TextWriter stdout, TextWriter stderr, bool verbose = false,
        TlsClientOptions? tls = null, UserIdentityRq? user = null)
    {
        var timer = TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds));
        return RunAsync(new ClientOptions
        {
            Host = host,
            Port = port,
            CallingAeTitle = callingAe,
            CalledAeTitle = calledAe,
            Tls = tls,
            UserIdentity = user,
            Timers = new() { ConnectionTimeout = timer, ReceiveTimeout = timer, SendTimeout = timer },
            ResponseTimeout = timer,
            Trace = verbose ? line => stderr.WriteLine(line) : null,
        }, stdout, stderr);
    }

    /// <summary>Echoes a device of settings.json, as Osprey's Storage AE title, with the device's overrides applied.</summary>
    public static async Task<int> RunForDeviceAsync(string dataDirectory, string deviceAeTitle, TextWriter stdout, TextWriter stderr, bool verbose = false)
    {
        Osprey.Server.Settings.SettingsResolver resolver;
        Security.TlsCredentials credentials;
        string callingAe;
        try
        {
            var settings = Osprey.Server.Settings.SettingsLoader.Load(dataDirectory, []);
            resolver = new Osprey.Server.Settings.SettingsResolver(settings);
            credentials = Security.TlsCredentials.Load(settings);
            callingAe = settings.Dicom.StorageAeTitle;
        }
        catch (Osprey.Server.Settings.SettingsException e)
        {
            stderr.WriteLine($"osprey echo: {e.Problems[0]}");
            return 1;
        }
        var device = resolver.Devices.FirstOrDefault(d => d.AeTitle == deviceAeTitle);
        if (device == null)
        {
            stderr.WriteLine($"osprey echo: no device with AE title \"{deviceAeTitle}\" in {Path.Combine(dataDirectory, "settings.json")}");
            return 1;
        }
        var options = Devices.DeviceClientOptions.For(device, resolver.Resolve(device.AeTitle), callingAe, ["1.2.840.10008.1.1"], credentials.For(device));
        return await RunAsync(options with { Trace = verbose ? line => stderr.WriteLine(line) : null }, stdout, stderr);
    }

    private static async Task<int> RunAsync(ClientOptions options, TextWriter stdout, TextWriter stderr)
    {
        string host = options.Host, calledAe = options.CalledAeTitle;
        int port = options.Port;
        var clock = Stopwatch.StartNew();
        try
        {
            await using var association = await ClientAssociation.ConnectAsync(options);
            if (association.ContextFor("1.2.840.10008.1.1") == null)
            {
                await association.ReleaseAsync();
                stderr.WriteLine($"osprey echo: {calledAe} at {host}:{port} accepted the association but not the Verification SOP Class");
                return 1;
            }
            ushort status = await association.EchoAsync();
            await association.ReleaseAsync();
            if (status != DimseStatus.Success)
            {
                stderr.WriteLine($"osprey echo: {calledAe} at {host}:{port} answered C-ECHO with status 0x{status:X4}");
                return 1;
            }
            var over = options.Tls != null ? " over TLS" : "";
            var identity = options.UserIdentity == null ? ""
                : association.Accepted.UserInformation.UserIdentityResponse != null ? ", user identity accepted" : ", no user identity response";
            stdout.WriteLine($"C-ECHO to {calledAe} at {host}:{port}{over}: success ({clock.Elapsed.TotalMilliseconds:F0} ms{identity})");
            return 0;
        }
        catch (AssociationRejectedException e)
        {
            stderr.WriteLine($"osprey echo: {calledAe} at {host}:{port}: {e.Message}");
        }
        catch (AssociationAbortedException e)
        {
            stderr.WriteLine($"osprey echo: {calledAe} at {host}:{port}: {Plain(e)}");
        }
        catch (TlsHandshakeException e)
        {
            stderr.WriteLine($"osprey echo: {calledAe} at {host}:{port}: {e.Message}");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            stderr.WriteLine($"osprey echo: cannot reach {host}:{port}: {e.Message}");
        }
        return 1;
    }

    private static string Plain(AssociationAbortedException e)
        => e.Outcome is AssociationOutcome.TransportFailure { Kind: TransportFailureKind.ConnectFailed, Cause: { } cause }
            ? "cannot connect: " + cause.Message
            : e.Message;
}
