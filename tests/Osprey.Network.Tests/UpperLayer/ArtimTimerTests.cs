using Microsoft.Extensions.Time.Testing;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Tests.UpperLayer;

/// <summary>
/// ARTIM (PS3.8 §9.1.5) on a fake clock: it expires once after its timeout with the generation of its
/// start; a stopped or restarted timer's expiry does not come, and an old generation is not current.
/// </summary>
public class ArtimTimerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new();
    private readonly List<long> _expiries = [];
    private readonly SemaphoreSlim _expired = new(0);

    private void Expired(long generation)
    {
        lock (_expiries) _expiries.Add(generation);
        _expired.Release();
    }

    private long[] Expiries
    {
        get { lock (_expiries) return [.. _expiries]; }
    }

    [Fact]
    public async Task It_expires_after_its_timeout_with_a_current_generation()
    {
        var artim = new ArtimTimer(_clock);
        artim.Start(Timeout, Expired);
        _clock.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.False(await _expired.WaitAsync(TimeSpan.FromMilliseconds(100)));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await _expired.WaitAsync(Guard));
        var generation = Assert.Single(Expiries);
        Assert.True(artim.IsCurrent(generation));
    }

    [Fact]
    public async Task A_stopped_timer_does_not_expire_and_its_generation_is_no_longer_current()
    {
        var artim = new ArtimTimer(_clock);
        artim.Start(Timeout, Expired);
        artim.Stop();
        _clock.Advance(Timeout * 2);
        Assert.False(await _expired.WaitAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Empty(Expiries);
    }

    [Fact]
    public async Task A_restart_replaces_the_running_timer()
    {
        var artim = new ArtimTimer(_clock);
        artim.Start(Timeout, Expired);
        _clock.Advance(Timeout / 2);
        artim.Start(Timeout, Expired);
        _clock.Advance(Timeout / 2);
        Assert.False(await _expired.WaitAsync(TimeSpan.FromMilliseconds(200)));
        _clock.Advance(Timeout / 2);
        Assert.True(await _expired.WaitAsync(Guard));
        var generation = Assert.Single(Expiries);
        Assert.True(artim.IsCurrent(generation));
        Assert.False(artim.IsCurrent(generation - 1));
    }

    [Fact]
    public async Task An_expiry_under_way_when_the_timer_stops_is_no_longer_current()
    {
        var artim = new ArtimTimer(_clock);
        artim.Start(Timeout, Expired);
        _clock.Advance(Timeout);
        Assert.True(await _expired.WaitAsync(Guard));
        artim.Stop(); // the loop stopped ARTIM before it took the expiry from its channel
        Assert.False(artim.IsCurrent(Assert.Single(Expiries)));
    }

    [Fact]
    public async Task Without_a_timeout_there_is_no_timer()
    {
        var artim = new ArtimTimer(_clock);
        artim.Start(null, Expired);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.False(await _expired.WaitAsync(TimeSpan.FromMilliseconds(200)));
    }
}
