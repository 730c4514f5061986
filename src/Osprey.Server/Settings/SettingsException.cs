namespace Osprey.Server.Settings;

/// <summary>
/// Settings that cannot be used: unreadable, mistyped or invalid. <see cref="Exception.Message"/> is
/// the first problem, one line naming the key and the rule; <see cref="Problems"/> holds them all.
/// </summary>
public sealed class SettingsException : Exception
{
    /// <summary>Every problem found, one line each (at least one).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Settings with the given problems (at least one).</summary>
    public SettingsException(IReadOnlyList<string> problems)
        : base(problems.Count > 0 ? problems[0] : throw new ArgumentException("At least one problem is needed.", nameof(problems)))
    {
        Problems = problems;
    }

    /// <summary>Settings with one problem, caused by <paramref name="inner"/>.</summary>
    public SettingsException(string problem, Exception? inner = null)
        : base(problem, inner)
    {
        Problems = [problem];
    }
}
