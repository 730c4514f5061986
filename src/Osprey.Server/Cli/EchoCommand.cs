using System.CommandLine;
using System.Diagnostics;
using System.Net.Sockets;
using Osprey.Network.Client;
using Osprey.Network.Dimse;

namespace Osprey.Server.Cli;

/// <summary>
/// <c>osprey echo HOST PORT</c>: a C-ECHO (Verification SCU, PS3.4 Annex A) to a remote AE. Exit 0
/// on success; otherwise one line saying why (cannot connect, rejected and why, aborted, failure
/// status) and exit 1.
/// </summary>
public static class EchoCommand
{
    public static Command Create()
    {
        var host = new Argument<string>("host") { Description = "Host name or address of the remote AE." };
        var port = new Argument<int>("port") { Description = "TCP port of the remote AE." };
        var aet = new Option<string>("--aet") { Description = "Our (calling) AE title.", DefaultValueFactory = _ => "OSPREY" };
        var aec = new Option<string>("--aec") { Description = "The remote (called) AE title.", DefaultValueFactory = _ => "ANY-SCP" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for connection and response.", DefaultValueFactory = _ => 30 };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print each upper layer state transition (PS3.8 Table 9-10)." };
        var command = new Command("echo", "Send a C-ECHO to a remote AE (DICOM verification).") { host, port, aet, aec, timeout, verbose };
        command.SetAction(async (parse, token) => await RunAsync(parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(aet)!, parse.GetValue(aec)!, parse.GetValue(timeout), Console.Out, Console.Error, parse.GetValue(verbose)));
        return command;
    }

    public static async Task<int> RunAsync(string host, int port, string callingAe, string calledAe, int timeoutSeconds, TextWriter stdout, TextWriter stderr, bool verbose = false)
    {
        var timer = TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds));
        var options = new ClientOptions
        {
            Host = host,
            Port = port,
            CallingAeTitle = callingAe,
            CalledAeTitle = calledAe,
            Timers = new() { ConnectionTimeout = timer, ReceiveTimeout = timer, SendTimeout = timer },
            ResponseTimeout = timer,
            Trace = verbose ? line => stderr.WriteLine(line) : null,
        };
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
            stdout.WriteLine($"C-ECHO to {calledAe} at {host}:{port}: success ({clock.Elapsed.TotalMilliseconds:F0} ms)");
            return 0;
        }
        catch (AssociationRejectedException e)
        {
            stderr.WriteLine($"osprey echo: {calledAe} at {host}:{port}: {e.Message}");
        }
        catch (AssociationAbortedException e)
        {
            stderr.WriteLine($"osprey echo: {calledAe} at {host}:{port}: {Plain(e.Message)}");
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            stderr.WriteLine($"osprey echo: cannot reach {host}:{port}: {e.Message}");
        }
        return 1;
    }

    private static string Plain(string outcome) => outcome.StartsWith("transport connection failed: ", StringComparison.Ordinal)
        ? "cannot connect: " + outcome["transport connection failed: ".Length..]
        : outcome;
}
