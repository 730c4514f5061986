using System.Collections.Concurrent;

namespace Osprey.Server.Web.Security;

/// <summary>
/// Limits failed logins: after <see cref="MaxFailures"/> failures from one address within
/// <see cref="Window"/>, that address may not try again until the window has passed since its first
/// failure. A successful login clears its address. Guessing a password at a few tries per minute is
/// hopeless; a user who mistypes is held up for minutes at worst.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset First)> _failures = new();

    public LoginThrottle() : this(TimeProvider.System) { }

    /// <summary>How long <paramref name="address"/> must wait before it may try again; zero when it may now.</summary>
    public TimeSpan RetryAfter(string address)
    {
        if (!_failures.TryGetValue(address, out var f)) return TimeSpan.Zero;
        var left = f.First + Window - time.GetUtcNow();
        if (left <= TimeSpan.Zero)
        {
            _failures.TryRemove(address, out _);
            return TimeSpan.Zero;
        }
        return f.Count >= MaxFailures ? left : TimeSpan.Zero;
    }

    public void Failed(string address)
    {
        var now = time.GetUtcNow();
        _failures.AddOrUpdate(address, (1, now), (_, f) => f.First + Window < now ? (1, now) : (f.Count + 1, f.First));
    }

    public void Succeeded(string address) => _failures.TryRemove(address, out _);
}
