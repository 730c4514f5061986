using System.Diagnostics;

namespace Osprey.Interop.Tests.Support;

/// <summary>Runs the real <c>osprey</c> program (the build output copied next to the tests) as a user would.</summary>
public static class OspreyProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static Result Run(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "osprey.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"osprey.dll not found at {dll}");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"osprey {string.Join(' ', args)} did not finish");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts a long-running <c>osprey</c> command (serve); disposing it stops it with SIGTERM, then kills it.</summary>
    public static Running Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "osprey.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return new Running(Process.Start(psi)!);
    }

    public sealed class Running : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _stdout = new();
        private readonly System.Text.StringBuilder _stderr = new();

        internal Running(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (_stdout) _stdout.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (_stderr) _stderr.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process => _process;

        public string StandardOutput { get { lock (_stdout) return _stdout.ToString(); } }

        public string StandardError { get { lock (_stderr) return _stderr.ToString(); } }

        /// <summary>Waits for "listening for DICOM on ADDRESS:PORT" and returns the port.</summary>
        public int WaitForListeningPort()
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                var m = System.Text.RegularExpressions.Regex.Match(StandardOutput, @"listening for DICOM on [^ ]+:(\d+)");
                if (m.Success) return int.Parse(m.Groups[1].Value);
                if (_process.HasExited) throw new InvalidOperationException($"osprey exited with {_process.ExitCode}: {StandardError}");
                Thread.Sleep(50);
            }
            throw new TimeoutException("osprey serve did not start listening: " + StandardError);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                try
                {
                    Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit(5000);
                }
                catch (System.ComponentModel.Win32Exception)
                {
                }
                if (!_process.WaitForExit(10000)) _process.Kill(entireProcessTree: true);
            }
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}
