using System.Text;

namespace Osprey.Dicom.Text;

/// <summary>
/// Access to the legacy code pages of <c>System.Text.Encoding.CodePages</c>, used as mapping tables for the
/// character sets of PS3.3 C.12.1.1.2 (Tables C.12-2 to C.12-5). The provider is asked directly instead of
/// being registered process-wide, so nothing global changes; code pages built into the runtime (28591,
/// ISO 8859-1) come from <see cref="Encoding.GetEncoding(int, EncoderFallback, DecoderFallback)"/>.
/// </summary>
internal static class CodePages
{
    private static readonly DecoderReplacementFallback ReplacementCharacter = new("\uFFFD");

    /// <summary>The code page with exception fallback for encoding and U+FFFD replacement for decoding.</summary>
    public static Encoding Get(int codePage) => Get(codePage, EncoderFallback.ExceptionFallback, ReplacementCharacter);

    /// <summary>The code page with exception fallbacks in both directions.</summary>
    public static Encoding GetStrict(int codePage) => Get(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private static Encoding Get(int codePage, EncoderFallback encoderFallback, DecoderFallback decoderFallback) =>
        CodePagesEncodingProvider.Instance.GetEncoding(codePage, encoderFallback, decoderFallback)
        ?? Encoding.GetEncoding(codePage, encoderFallback, decoderFallback);

    /// <summary>
    /// The code pages map unassigned codes to the Private Use Area; none of the DICOM character sets assigns
    /// anything there, so such a result means "undefined".
    /// </summary>
    public static bool IsPrivateUse(char c) => c is >= '\uE000' and <= '\uF8FF';
}
