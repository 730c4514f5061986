using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Osprey.Server.Settings;

/// <summary>
/// Reads <c>StorescuFlags</c>: options written as on DCMTK storescu's command line (3.6.7), separated
/// by white space, each value as the next word (<c>-pdu 65536</c>, not <c>-pdu=65536</c>).
/// </summary>
/// <remarks>
/// Supported, with storescu's short and long names and value ranges:
/// <list type="bullet">
/// <item>proposal: <c>-x=</c> <c>-xe</c> <c>-xb</c> <c>-xi</c> <c>-xs</c> <c>-xy</c> <c>-xx</c> <c>-xv</c> <c>-xw</c>
///   <c>-xt</c> <c>-xu</c> <c>-xr</c> <c>-xd</c> (last wins), <c>-R</c>, <c>+C</c>, <c>+cl N</c> (0–9, needs <c>-xd</c>), <c>+u</c>/<c>-u</c>;</item>
/// <item>network: <c>-pdu N</c> and <c>--max-send-pdu N</c> (4096–131072), <c>-to N</c>, <c>-ta N</c>, <c>-td N</c> (≥ 1),
///   <c>-ts N</c> (≥ 0), <c>-nh</c>;</item>
/// <item>accepted without effect (Osprey chooses what to send and logs on its own): <c>+sd</c>, <c>+r</c>, <c>-r</c>,
///   <c>-v</c>, <c>-d</c>, <c>-q</c>, <c>+v</c>.</item>
/// </list>
/// Anything else is refused: AE titles (<c>-aet</c>, <c>-aec</c>), peer, port and files come from the
/// device; TLS from <see cref="RemoteDevice.Tls"/>; other options are not supported.
/// </remarks>
public static class StorescuFlagParser
{
    private enum Kind { Proposal, Switch, Number, NoEffect }

    private sealed record Option(string Short, string Long, Kind Kind, int Min = 0, int Max = 0, StorescuProposal Proposal = default,
        Func<StorescuOptions, int, StorescuOptions>? Apply = null);

    private static readonly Option[] Options =
    [
        new("-x=", "--propose-uncompr", Kind.Proposal, Proposal: StorescuProposal.Uncompressed),
        new("-xe", "--propose-little", Kind.Proposal, Proposal: StorescuProposal.ExplicitLittleFirst),
        new("-xb", "--propose-big", Kind.Proposal, Proposal: StorescuProposal.ExplicitBigFirst),
        new("-xi", "--propose-implicit", Kind.Proposal, Proposal: StorescuProposal.ImplicitOnly),
        new("-xs", "--propose-lossless", Kind.Proposal, Proposal: StorescuProposal.JpegLossless),
        new("-xy", "--propose-jpeg8", Kind.Proposal, Proposal: StorescuProposal.JpegLossy8),
        new("-xx", "--propose-jpeg12", Kind.Proposal, Proposal: StorescuProposal.JpegLossy12),
        new("-xv", "--propose-j2k-lossless", Kind.Proposal, Proposal: StorescuProposal.Jpeg2000Lossless),
        new("-xw", "--propose-j2k-lossy", Kind.Proposal, Proposal: StorescuProposal.Jpeg2000Lossy),
        new("-xt", "--propose-jls-lossless", Kind.Proposal, Proposal: StorescuProposal.JpegLsLossless),
        new("-xu", "--propose-jls-lossy", Kind.Proposal, Proposal: StorescuProposal.JpegLsLossy),
        new("-xr", "--propose-rle", Kind.Proposal, Proposal: StorescuProposal.Rle),
        new("-xd", "--propose-deflated", Kind.Proposal, Proposal: StorescuProposal.Deflated),
        new("-R", "--required", Kind.Switch, Apply: (o, _) => o with { RequiredOnly = true }),
        new("+C", "--combine", Kind.Switch, Apply: (o, _) => o with { Combine = true }),
        new("+u", "--enable-new-vr", Kind.Switch, Apply: (o, _) => o with { EnableNewVr = true }),
        new("-u", "--disable-new-vr", Kind.Switch, Apply: (o, _) => o with { EnableNewVr = false }),
        new("+cl", "--compression-level", Kind.Number, 0, 9, Apply: (o, n) => o with { CompressionLevel = n }),
        new("-pdu", "--max-pdu", Kind.Number, 4096, 131072, Apply: (o, n) => o with { MaxPdu = n }),
        new("", "--max-send-pdu", Kind.Number, 4096, 131072, Apply: (o, n) => o with { MaxSendPdu = n }),
        new("-to", "--timeout", Kind.Number, 1, int.MaxValue, Apply: (o, n) => o with { ConnectTimeoutSeconds = n }),
        new("-ts", "--socket-timeout", Kind.Number, 0, int.MaxValue, Apply: (o, n) => o with { SocketTimeoutSeconds = n }),
        new("-ta", "--acse-timeout", Kind.Number, 1, int.MaxValue, Apply: (o, n) => o with { AcseTimeoutSeconds = n }),
        new("-td", "--dimse-timeout", Kind.Number, 1, int.MaxValue, Apply: (o, n) => o with { DimseTimeoutSeconds = n }),
        new("-nh", "--no-halt", Kind.Switch, Apply: (o, _) => o with { NoHalt = true }),
        new("+sd", "--scan-directories", Kind.NoEffect),
        new("+r", "--recurse", Kind.NoEffect),
        new("-r", "--no-recurse", Kind.NoEffect),
        new("-v", "--verbose", Kind.NoEffect),
        new("-d", "--debug", Kind.NoEffect),
        new("-q", "--quiet", Kind.NoEffect),
        new("+v", "--verbose-pc", Kind.NoEffect),
    ];

    /// <summary>Options Osprey sets itself, refused with that reason.</summary>
    private static readonly string[] SetByOsprey = ["-aet", "--aetitle", "-aec", "--call"];

    /// <summary>Every supported option name, short and long, for messages and the page.</summary>
    public static IReadOnlyList<string> SupportedOptions { get; } =
        Options.SelectMany(o => new[] { o.Short, o.Long }).Where(n => n.Length > 0).ToArray();

    /// <summary>
    /// Parses <paramref name="flags"/> (null or blank: <see cref="StorescuOptions.Default"/>). On failure
    /// <paramref name="error"/> is one line naming the offending option, e.g. <c>unknown option "--foo"</c>.
    /// </summary>
    public static bool TryParse(string? flags, [NotNullWhen(true)] out StorescuOptions? options, [NotNullWhen(false)] out string? error)
    {
        options = null;
        error = null;
        var result = StorescuOptions.Default;
        var words = (flags ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            var option = Array.Find(Options, o => word == o.Short || word == o.Long);
            if (option is null)
            {
                error = SetByOsprey.Contains(word)
                    ? $"option \"{word}\" is not allowed: Osprey sets AE titles from the device settings"
                    : word.StartsWith('-') || word.StartsWith('+')
                        ? $"unknown or unsupported option \"{word}\""
                        : $"unexpected argument \"{word}\": Osprey gives the peer, port and objects itself";
                return false;
            }
            switch (option.Kind)
            {
                case Kind.Proposal:
                    result = result with { Proposal = option.Proposal };
                    break;
                case Kind.Switch:
                    result = option.Apply!(result, 0);
                    break;
                case Kind.Number:
                    var range = option.Max == int.MaxValue ? $"a whole number of at least {option.Min}" : $"a whole number {option.Min} to {option.Max}";
                    if (i + 1 >= words.Length)
                    {
                        error = $"option \"{word}\" needs a value ({range})";
                        return false;
                    }
                    var text = words[++i];
                    if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < option.Min || n > option.Max)
                    {
                        error = $"option \"{word}\" needs {range} (got \"{text}\")";
                        return false;
                    }
                    result = option.Apply!(result, n);
                    break;
                case Kind.NoEffect:
                    break;
            }
        }
        if (result.CompressionLevel is not null && result.Proposal != StorescuProposal.Deflated)
        {
            error = "option \"+cl\" (--compression-level) is only allowed with \"-xd\" (--propose-deflated)";
            return false;
        }
        options = result;
        return true;
    }

    /// <summary>Parses <paramref name="flags"/>, or throws <see cref="FormatException"/> with the one-line error.</summary>
    public static StorescuOptions Parse(string? flags) =>
        TryParse(flags, out var options, out var error) ? options : throw new FormatException(error);
}
