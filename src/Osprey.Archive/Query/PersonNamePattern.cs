namespace Osprey.Archive.Query;

/// <summary>
/// One value of a PN key, matched component group by component group (PS3.4 C.2.2.2.1.1, C.2.2.2.4): the
/// alphabetic, ideographic and phonetic groups (PS3.5 §6.2.1, separated by "=") of the query are each
/// compared with the same group of the stored name; a group the query leaves empty (or out) matches any
/// group. So "=山田^太郎" asks for that ideographic name whatever the alphabetic one, and "Yamada*" for an
/// alphabetic name that starts with Yamada. Within a group, trailing empty components and their "^" are
/// insignificant ("Yamada^Tarou^^" is "Yamada^Tarou"). Case folding, when asked for, applies to every group.
/// </summary>
internal sealed class PersonNamePattern
{
    private readonly TextPattern?[] _groups = new TextPattern?[3];

    public PersonNamePattern(string value)
    {
        var groups = value.Split('=');
        for (int i = 0; i < _groups.Length && i < groups.Length; i++)
        {
            string group = Normalize(groups[i]);
            if (group.Length == 0 || QueryText.IsOnlyStars(group)) continue;
            _groups[i] = new TextPattern(group, QueryText.HasWildcard(group));
        }
    }

    /// <summary>True when no group constrains anything (e.g. "*", "=", "*=*=*").</summary>
    public bool IsUniversal => _groups.All(g => g is null);

    /// <summary>Whether a group uses wild cards.</summary>
    public bool IsWildcard => _groups.Any(g => g?.IsWildcard == true);

    public bool Matches(string storedName, bool caseSensitive)
    {
        var stored = storedName.Split('=');
        for (int i = 0; i < _groups.Length; i++)
        {
            if (_groups[i] is not { } pattern) continue;
            string group = i < stored.Length ? Normalize(stored[i]) : "";
            if (!pattern.Matches(group, caseSensitive)) return false;
        }
        return true;
    }

    /// <summary>A component group without its insignificant trailing spaces, empty components and delimiters.</summary>
    internal static string Normalize(string group) => group.TrimEnd(' ', '^', '\0');
}
