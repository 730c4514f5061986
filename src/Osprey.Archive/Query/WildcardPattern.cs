namespace Osprey.Archive.Query;

/// <summary>
/// A value of Wild Card Matching (PS3.4 C.2.2.2.4): "*" matches any sequence of characters, including none,
/// and "?" any single character. Characters are Unicode scalar values, so "?" stands for one ideograph or
/// kana whatever its encoded length (two bytes in JIS X 0208, three in UTF-8, a surrogate pair beyond the BMP).
/// </summary>
internal sealed class WildcardPattern
{
    private const int Star = -1, Question = -2;
    private readonly int[] _pattern;

    public WildcardPattern(string pattern)
    {
        var points = QueryText.CodePoints(pattern);
        var compact = new List<int>(points.Length);
        foreach (int c in points)
        {
            int token = c == '*' ? Star : c == '?' ? Question : c;
            if (token == Star && compact.Count > 0 && compact[^1] == Star) continue; // "**" is "*"
            compact.Add(token);
        }
        _pattern = [.. compact];
    }

    /// <summary>Whether the whole <paramref name="text"/> matches.</summary>
    public bool Matches(string text)
    {
        var s = QueryText.CodePoints(text);
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < s.Length)
        {
            if (p < _pattern.Length && (_pattern[p] == Question || _pattern[p] == s[t]))
            {
                p++;
                t++;
            }
            else if (p < _pattern.Length && _pattern[p] == Star)
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                // Let the last "*" absorb one more character and try again from there.
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }
        while (p < _pattern.Length && _pattern[p] == Star) p++;
        return p == _pattern.Length;
    }
}
