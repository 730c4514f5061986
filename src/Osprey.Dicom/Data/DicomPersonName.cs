namespace Osprey.Dicom.Data;

/// <summary>
/// A person name (VR PN, PS3.5 §6.2.1): up to three component groups separated by <c>=</c> —
/// alphabetic, ideographic and phonetic — each of up to five components separated by <c>^</c>:
/// family name, given name, middle name, prefix, suffix.
/// </summary>
public sealed record DicomPersonName(string Alphabetic, string Ideographic, string Phonetic)
{
    public static DicomPersonName Parse(string value)
    {
        var groups = value.Split('=');
        return new DicomPersonName(
            groups.Length > 0 ? groups[0] : "",
            groups.Length > 1 ? groups[1] : "",
            groups.Length > 2 ? groups[2] : "");
    }

    /// <summary>The five components of a component group, empty strings where absent.</summary>
    public static string[] Components(string group)
    {
        var parts = group.Split('^');
        var result = new string[5];
        for (int i = 0; i < 5; i++) result[i] = i < parts.Length ? parts[i] : "";
        return result;
    }

    public string FamilyName => Components(Alphabetic)[0];
    public string GivenName => Components(Alphabetic)[1];

    /// <summary>The encoded form, with trailing empty groups dropped.</summary>
    public override string ToString()
        => Phonetic.Length > 0 ? $"{Alphabetic}={Ideographic}={Phonetic}"
            : Ideographic.Length > 0 ? $"{Alphabetic}={Ideographic}" : Alphabetic;
}
