using System.Text.RegularExpressions;

namespace Osprey.Interop.Tests.Support;

/// <summary>
/// Runs DCMTK <c>storescu</c> and reads, from its debug log, what became of each file: the status of
/// its C-STORE response and the Error Comment (0000,0902) when there was one.
/// </summary>
public static partial class Storescu
{
    /// <summary>
    /// One file as storescu reports it: the response's status code and storescu's word for it, or null
    /// when no response came (storescu could not send the file).
    /// </summary>
    public sealed record FileResult(string File, ushort? Status, string? StatusText, string? ErrorComment)
    {
        public bool Succeeded => Status == 0;
    }

    public sealed record Run(Peer.Result Result, IReadOnlyDictionary<string, FileResult> Files);

    /// <summary>
    /// Sends <paramref name="files"/> to AE <paramref name="calledAe"/> on 127.0.0.1:<paramref name="port"/>
    /// proposing only the SOP classes they need (<c>-R</c>), not halting on failures (<c>-nh</c>).
    /// </summary>
    public static Run Send(int port, IEnumerable<string> files, string calledAe = "OSPREY", TimeSpan? timeout = null, params string[] extra)
    {
        var fileList = files.ToList();
        string[] args = ["-d", "-R", "-nh", "-aet", "STORESCU", "-aec", calledAe, .. extra, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. fileList];
        var result = Peer.Run("storescu", timeout ?? TimeSpan.FromMinutes(5), args);
        return new Run(result, Parse(result.Output));
    }

    /// <summary>
    /// Starts storescu sending <paramref name="files"/> to AE OSPREY on 127.0.0.1:<paramref name="port"/>
    /// (TCP_NODELAY on), with its output redirected, for a test that watches or kills it while it runs.
    /// </summary>
    public static System.Diagnostics.Process Start(int port, IEnumerable<string> files, params string[] extra)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("storescu") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[.. extra, "-aec", "OSPREY", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. files])
            psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        return System.Diagnostics.Process.Start(psi)!;
    }

    /// <summary>Per-file results from storescu's <c>-d</c> log.</summary>
    public static Dictionary<string, FileResult> Parse(string log)
    {
        var results = new Dictionary<string, FileResult>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in log.Split('\n'))
        {
            if (SendingFile().Match(line) is { Success: true } sending)
            {
                current = sending.Groups[1].Value.Trim();
                results[current] = new FileResult(current, null, null, null);
            }
            else if (current != null && DimseStatus().Match(line) is { Success: true } status)
                results[current] = results[current] with { Status = Convert.ToUInt16(status.Groups[1].Value, 16), StatusText = status.Groups[2].Value.Trim() };
            else if (current != null && ErrorComment().Match(line) is { Success: true } comment)
                results[current] = results[current] with { ErrorComment = comment.Groups[1].Value };
        }
        return results;
    }

    [GeneratedRegex(@"Sending file: (.+)$")]
    private static partial Regex SendingFile();

    // Only responses carry a status: "D: DIMSE Status                  : 0x0000: Success".
    [GeneratedRegex(@"DIMSE Status\s*: 0x([0-9a-fA-F]{4}): (.*)$")]
    private static partial Regex DimseStatus();

    [GeneratedRegex(@"\(0000,0902\) LO \[(.*)\]")]
    private static partial Regex ErrorComment();
}
