using System.Diagnostics;

namespace Osprey.Interop.Tests.Support;

/// <summary>Runs a real peer program (DCMTK, GDCM) and captures what it says.</summary>
public static class Peer
{
    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"exit {ExitCode}\n{Output}";
    }

    public static Result Run(string program, params string[] args) => Run(program, TimeSpan.FromSeconds(60), args);

    public static Result Run(string program, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed ({e.Message}); ./test.sh installs dcmtk and libgdcm-tools", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout}");
            }
            process.WaitForExit();
            return new Result(process.ExitCode, stdout.Result + stderr.Result);
        }
    }

    /// <summary>Starts a long-running peer (storescp, dcmqrscp); kill it with <see cref="Stop"/>.</summary>
    public static Process Start(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static void Stop(Process process)
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10000);
        process.Dispose();
    }
}
