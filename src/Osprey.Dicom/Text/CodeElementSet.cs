namespace Osprey.Dicom.Text;

/// <summary>
/// The code elements a Specific Character Set makes available (PS3.5 §6.1.2.5.2, PS3.3 C.12.1.1.2): the
/// initial G0 and G1 come from value 1 (G0 is the default repertoire when value 1 is empty), the others
/// can be designated by escape sequences when <see cref="UsesCodeExtensions"/> is set.
/// </summary>
internal sealed class CodeElementSet(string name, CodeElement initialG0, CodeElement? initialG1, CodeElement[] declared, bool usesCodeExtensions)
{
    /// <summary>The normalized Specific Character Set value, for warnings.</summary>
    public string Name { get; } = name;

    public CodeElement InitialG0 { get; } = initialG0;

    /// <summary>Null when value 1 designates nothing to G1: bytes above 0x7F are then outside the repertoire.</summary>
    public CodeElement? InitialG1 { get; } = initialG1;

    /// <summary>All elements the terms designate, in the order of the terms.</summary>
    public CodeElement[] Declared { get; } = declared;

    /// <summary>True when one of the terms is an "ISO 2022" term, so escape sequences are interpreted.</summary>
    public bool UsesCodeExtensions { get; } = usesCodeExtensions;

    /// <summary>
    /// Whether an escape sequence to <paramref name="element"/> is expected. The G0 sets ISO-IR 6 and
    /// ISO-IR 14 are always accepted without a warning (pydicom accepts ESC ( B everywhere, and real
    /// Japanese data uses ESC ( B and ESC ( J interchangeably).
    /// </summary>
    public bool Declares(CodeElement element) => element is AsciiCodeElement || Array.IndexOf(Declared, element) >= 0;
}
