namespace Osprey.Archive.Query;

/// <summary>
/// One text value of a key, ready to compare with stored text: literally (Single Value Matching, PS3.4
/// C.2.2.2.1) or with "*" and "?" (Wild Card Matching, C.2.2.2.4). It keeps a case-sensitive and a
/// case-folded form, so that one parsed query serves either setting of <see cref="QueryOptions.CaseSensitive"/>.
/// </summary>
internal sealed class TextPattern
{
    private readonly string _text, _folded;
    private readonly WildcardPattern? _exact, _foldedPattern;

    public TextPattern(string text, bool wildcard)
    {
        _text = text;
        _folded = QueryText.Compared(text, caseSensitive: false);
        if (wildcard)
        {
            _exact = new WildcardPattern(text);
            _foldedPattern = new WildcardPattern(_folded);
        }
    }

    /// <summary>The value as received (decoded, insignificant spaces removed).</summary>
    public string Text => _text;

    /// <summary>Whether "*" and "?" are wild cards in it.</summary>
    public bool IsWildcard => _exact is not null;

    public bool Matches(string stored, bool caseSensitive)
    {
        if (caseSensitive) return _exact?.Matches(stored) ?? string.Equals(_text, stored, StringComparison.Ordinal);
        string folded = QueryText.Compared(stored, caseSensitive: false);
        return _foldedPattern?.Matches(folded) ?? string.Equals(_folded, folded, StringComparison.Ordinal);
    }
}
