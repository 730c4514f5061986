using System.Globalization;
using System.Text.RegularExpressions;

namespace Osprey.Interop.Tests.Support;

/// <summary>
/// Runs DCMTK <c>findscu</c> with <c>-X</c> (each response identifier written as rsp0001.dcm … into a
/// folder) and reads, from its debug log, the status of every response it received.
/// </summary>
public static partial class Findscu
{
    /// <summary>One run: what findscu printed, the status of each response in order (pending ones first, the final one last), and where the responses are.</summary>
    public sealed record Run(Peer.Result Result, IReadOnlyList<ushort> Statuses, string OutputDirectory, string CommandLine)
    {
        /// <summary>The status of the last response received (the final one when the query completed), or null when none came.</summary>
        public ushort? FinalStatus => Statuses.Count == 0 ? null : Statuses[^1];

        /// <summary>How many response identifiers findscu wrote.</summary>
        public int Responses => Directory.EnumerateFiles(OutputDirectory, "rsp*.dcm").Count();

        /// <summary>How many final responses (status other than Pending FF00/FF01) came: one per query.</summary>
        public IReadOnlyList<ushort> FinalStatuses => [.. Statuses.Where(s => s is not (0xFF00 or 0xFF01))];
    }

    /// <summary>
    /// Queries AE OSPREY on 127.0.0.1:<paramref name="port"/> as <paramref name="callingAe"/> with
    /// information model <paramref name="model"/> (<c>-P</c> or <c>-S</c>), the keys as <c>-k</c> arguments
    /// and, when given, a query file; responses go to a fresh <paramref name="outputDirectory"/>.
    /// </summary>
    public static Run Query(int port, string callingAe, string model, IEnumerable<string> keys, string? queryFile, string outputDirectory, params string[] extra)
    {
        Directory.CreateDirectory(outputDirectory);
        var args = new List<string> { "-d", "-sr", model, "-aet", callingAe, "-aec", "OSPREY", "-X", "-od", outputDirectory };
        args.AddRange(extra);
        foreach (var key in keys)
        {
            args.Add("-k");
            args.Add(key);
        }
        args.Add("127.0.0.1");
        args.Add(port.ToString(CultureInfo.InvariantCulture));
        if (queryFile is not null) args.Add(queryFile);
        var result = Peer.Run("findscu", TimeSpan.FromMinutes(2), [.. args]);
        var statuses = DimseStatus().Matches(result.Output).Select(m => Convert.ToUInt16(m.Groups[1].Value, 16)).ToList();
        var commandLine = "findscu " + string.Join(' ', args.Where(a => a is not ("-d" or "-sr")).Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"\"{a}\"" : a));
        return new Run(result, statuses, outputDirectory, commandLine);
    }

    // Only responses carry a status: "D: DIMSE Status                  : 0xff00: Pending: Matches are continuing".
    [GeneratedRegex(@"DIMSE Status\s*: 0x([0-9a-fA-F]{4})")]
    private static partial Regex DimseStatus();
}
