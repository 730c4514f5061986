using System.Diagnostics.CodeAnalysis;
using Osprey.Dicom.Dictionary;

namespace Osprey.Server.Settings;

/// <summary>
/// The list the page offers for the preferred transfer syntax (<see cref="DicomSettings.PreferredTransferSyntax"/>):
/// the four uncompressed ones (explicit and implicit VR little endian, explicit VR big endian,
/// deflated) and the common encapsulated ones (JPEG baseline, extended, lossless process 14 and its
/// selection value 1, JPEG-LS lossless and near-lossless, JPEG 2000 lossless and lossy, RLE).
/// A setting may name one by UID or by its PS3.6 keyword (compared ignoring case); it is stored as the UID.
/// </summary>
public static class TransferSyntaxChoices
{
    /// <summary>One entry of the list.</summary>
    /// <param name="Uid">The transfer syntax UID.</param>
    /// <param name="Keyword">Its PS3.6 keyword, e.g. <c>ExplicitVRLittleEndian</c>.</param>
    /// <param name="Name">Its name as the page shows it.</param>
    public sealed record Choice(string Uid, string Keyword, string Name);

    /// <summary>The choices, in the order the page lists them.</summary>
    public static IReadOnlyList<Choice> All { get; } =
    [
        new(DicomUids.ExplicitVRLittleEndian, nameof(DicomUids.ExplicitVRLittleEndian), "Explicit VR Little Endian"),
        new(DicomUids.ImplicitVRLittleEndian, nameof(DicomUids.ImplicitVRLittleEndian), "Implicit VR Little Endian"),
        new(DicomUids.ExplicitVRBigEndian, nameof(DicomUids.ExplicitVRBigEndian), "Explicit VR Big Endian (retired)"),
        new(DicomUids.DeflatedExplicitVRLittleEndian, nameof(DicomUids.DeflatedExplicitVRLittleEndian), "Deflated Explicit VR Little Endian"),
        new(DicomUids.JPEGBaseline8Bit, nameof(DicomUids.JPEGBaseline8Bit), "JPEG Baseline (Process 1)"),
        new(DicomUids.JPEGExtended12Bit, nameof(DicomUids.JPEGExtended12Bit), "JPEG Extended (Process 2 & 4)"),
        new(DicomUids.JPEGLossless, nameof(DicomUids.JPEGLossless), "JPEG Lossless, Non-Hierarchical (Process 14)"),
        new(DicomUids.JPEGLosslessSV1, nameof(DicomUids.JPEGLosslessSV1), "JPEG Lossless, First-Order Prediction (Process 14, Selection Value 1)"),
        new(DicomUids.JPEGLSLossless, nameof(DicomUids.JPEGLSLossless), "JPEG-LS Lossless"),
        new(DicomUids.JPEGLSNearLossless, nameof(DicomUids.JPEGLSNearLossless), "JPEG-LS Lossy (Near-Lossless)"),
        new(DicomUids.JPEG2000Lossless, nameof(DicomUids.JPEG2000Lossless), "JPEG 2000 (Lossless Only)"),
        new(DicomUids.JPEG2000, nameof(DicomUids.JPEG2000), "JPEG 2000"),
        new(DicomUids.RLELossless, nameof(DicomUids.RLELossless), "RLE Lossless"),
    ];

    /// <summary>
    /// The choice <paramref name="value"/> names (a UID of the list, or a keyword ignoring case;
    /// surrounding spaces ignored), or false.
    /// </summary>
    public static bool TryFind(string? value, [NotNullWhen(true)] out Choice? choice)
    {
        choice = null;
        if (value is null)
            return false;
        var v = value.Trim();
        foreach (var c in All)
        {
            if (v == c.Uid || string.Equals(v, c.Keyword, StringComparison.OrdinalIgnoreCase))
            {
                choice = c;
                return true;
            }
        }
        return false;
    }

    /// <summary>The UID <paramref name="value"/> names, or <paramref name="value"/> itself when it names no choice.</summary>
    public static string? Normalize(string? value) => TryFind(value, out var c) ? c.Uid : value;
}
