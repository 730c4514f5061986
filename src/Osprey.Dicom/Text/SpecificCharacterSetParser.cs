namespace Osprey.Dicom.Text;

/// <summary>
/// Reads the value of Specific Character Set (0008,0005) into Defined Terms (PS3.3 C.12.1.1.2). Never
/// fails: misspellings that pydicom also tolerates ("ISO IR 100", "ISO-IR 100", "ISO 2022-IR 87") and a few
/// more (case, missing separators, common codec names such as "UTF-8") are corrected; unknown terms fall
/// back to the default repertoire; the rules for stand-alone sets (Table C.12-5, PS3.5 §6.1.2.5.4) and
/// for multi-valued sets are applied. Each such repair adds a warning.
/// </summary>
internal static class SpecificCharacterSetParser
{
    /// <summary>The terms (null = default repertoire, only as value 1) and the warnings.</summary>
    public sealed record Result(IReadOnlyList<CharacterSetTerm?> Terms, IReadOnlyList<string> Warnings);

    public static Result Parse(string? value)
    {
        var warnings = new List<string>();
        var terms = new List<CharacterSetTerm?>();
        string[] values = (value ?? "").Split('\\');
        for (int i = 0; i < values.Length; i++)
        {
            string text = values[i].Trim(' ', '\0');
            if (text.Length == 0)
            {
                if (i == 0) terms.Add(null);
                else warnings.Add($"Empty value {i + 1} of Specific Character Set '{value}' ignored.");
                continue;
            }
            var term = CharacterSetTerm.Find(text);
            if (term is null)
            {
                term = Correct(text);
                if (term is null)
                {
                    warnings.Add($"Unknown Specific Character Set '{text}' - using the default repertoire instead.");
                    if (i == 0) terms.Add(null);
                    continue;
                }
                warnings.Add($"Incorrect value for Specific Character Set '{text}' - assuming '{term.Name}'.");
            }
            if (terms.Contains(term)) continue;
            terms.Add(term);
        }

        if (terms.Count > 1)
        {
            if (terms[0] is { Kind: CharacterSetTermKind.Standalone } first)
            {
                warnings.Add($"Value '{first.Name}' for Specific Character Set does not allow code extensions, ignoring: "
                    + string.Join(", ", terms.Skip(1).Select(t => t?.Name)) + ".");
                terms.RemoveRange(1, terms.Count - 1);
            }
            for (int i = terms.Count - 1; i >= 1; i--)
            {
                if (terms[i]!.Kind == CharacterSetTermKind.Standalone)
                {
                    warnings.Add($"Value '{terms[i]!.Name}' cannot be used as code extension, ignoring it.");
                    terms.RemoveAt(i);
                }
            }
        }
        if (terms.Count > 1)
        {
            // With several values all terms must be ISO 2022 terms: read "ISO_IR n" as "ISO 2022 IR n".
            for (int i = 0; i < terms.Count; i++)
            {
                if (terms[i] is { Kind: CharacterSetTermKind.NoExtensions or CharacterSetTermKind.Default } t && t.Counterpart is { } extended)
                {
                    warnings.Add($"'{t.Name}' does not allow code extensions; read as '{extended.Name}' in the multi-valued Specific Character Set.");
                    terms[i] = terms.Contains(extended) ? null : extended;
                }
            }
            for (int i = terms.Count - 1; i >= 1; i--)
            {
                if (terms[i] is null) terms.RemoveAt(i);
            }
        }
        return new Result(terms, warnings);
    }

    /// <summary>The term that a misspelt value most likely means, or null.</summary>
    internal static CharacterSetTerm? Correct(string text)
    {
        Span<char> buffer = stackalloc char[Math.Min(text.Length, 64)];
        int n = 0;
        foreach (char c in text)
        {
            if (c is ' ' or '_' or '-') continue;
            if (n == buffer.Length) return null;
            buffer[n++] = char.ToUpperInvariant(c);
        }
        var compact = buffer[..n];

        if (TryNumber(compact, "ISO2022IR", out var number))
            return CharacterSetTerm.Find("ISO 2022 IR " + number) ?? CharacterSetTerm.Find("ISO_IR " + number);
        if (TryNumber(compact, "ISOIR", out number))
            return CharacterSetTerm.Find("ISO_IR " + number) ?? CharacterSetTerm.Find("ISO 2022 IR " + number);

        string? name = compact switch
        {
            "GB18030" => "GB18030",
            "GBK" or "ISO2022GBK" or "CP936" => "GBK",
            "UTF8" or "ISO10646" => "ISO_IR 192",
            "ASCII" or "USASCII" => "ISO_IR 6",
            "LATIN1" or "ISO88591" => "ISO_IR 100",
            "LATIN2" or "ISO88592" => "ISO_IR 101",
            "LATIN3" or "ISO88593" => "ISO_IR 109",
            "LATIN4" or "ISO88594" => "ISO_IR 110",
            "ISO88595" => "ISO_IR 144",
            "ISO88596" => "ISO_IR 127",
            "ISO88597" => "ISO_IR 126",
            "ISO88598" => "ISO_IR 138",
            "LATIN5" or "ISO88599" => "ISO_IR 148",
            "ISO885911" or "TIS620" => "ISO_IR 166",
            "LATIN9" or "ISO885915" => "ISO_IR 203",
            "SHIFTJIS" or "SJIS" => "ISO_IR 13",
            "ISO202258" or "GB2312" or "EUCCN" => "ISO 2022 IR 58",
            "EUCKR" or "KSC5601" or "KSX1001" => "ISO 2022 IR 149",
            _ => null,
        };
        return name is null ? null : CharacterSetTerm.Find(name);
    }

    private static bool TryNumber(ReadOnlySpan<char> compact, string prefix, out string number)
    {
        number = "";
        if (!compact.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var digits = compact[prefix.Length..];
        if (digits.IsEmpty || digits.ContainsAnyExceptInRange('0', '9')) return false;
        number = digits.TrimStart('0').ToString();
        return number.Length > 0;
    }
}
