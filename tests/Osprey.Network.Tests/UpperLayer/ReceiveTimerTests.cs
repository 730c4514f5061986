using Microsoft.Extensions.Time.Testing;
using Osprey.Network.UpperLayer;

namespace Osprey.Network.Tests.UpperLayer;

/// <summary>
/// The receive timer on a fake clock: a PDU's read runs out after the period, but not while the loop is
/// busy or the user holds the timer (nested holds), and every pause ends with the full period again.
/// </summary>
public class ReceiveTimerTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);
    private readonly FakeTimeProvider _clock = new();

    private ReceiveTimer Timer(TimeSpan? period = null) => new(() => period ?? Period, _clock);

    [Fact]
    public void A_read_runs_out_after_the_period_and_not_before()
    {
        using var read = Timer().Start();
        _clock.Advance(Period - Tick);
        Assert.False(read.Expired);
        _clock.Advance(Tick);
        Assert.True(read.Expired);
        Assert.True(read.Token.IsCancellationRequested);
    }

    [Fact]
    public void Without_a_period_a_read_never_runs_out()
    {
        var timer = new ReceiveTimer(() => null, _clock);
        using var read = timer.Start();
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.False(read.Expired);
    }

    [Fact]
    public void A_hold_pauses_the_timer_and_its_release_restarts_it_in_full()
    {
        var timer = Timer();
        using var read = timer.Start();
        _clock.Advance(Period - Tick);
        timer.Hold();
        _clock.Advance(Period * 10);
        Assert.False(read.Expired);
        timer.Release();
        _clock.Advance(Period - Tick);
        Assert.False(read.Expired);
        _clock.Advance(Tick);
        Assert.True(read.Expired);
    }

    [Fact]
    public void Holds_nest_and_the_last_release_restarts_the_timer()
    {
        var timer = Timer();
        using var read = timer.Start();
        timer.Hold();
        timer.Hold();
        timer.Release();
        _clock.Advance(Period * 2);
        Assert.False(read.Expired);
        timer.Release();
        _clock.Advance(Period);
        Assert.True(read.Expired);
    }

    [Fact]
    public void A_release_without_a_hold_does_not_count_below_zero()
    {
        var timer = Timer();
        using var read = timer.Start();
        timer.Release();
        timer.Hold();
        _clock.Advance(Period * 2);
        Assert.False(read.Expired);
    }

    [Fact]
    public void A_busy_loop_pauses_the_timer_like_a_hold()
    {
        var timer = Timer();
        using var read = timer.Start();
        timer.Busy(true);
        _clock.Advance(Period * 2);
        Assert.False(read.Expired);
        timer.Busy(false);
        _clock.Advance(Period - Tick);
        Assert.False(read.Expired);
        _clock.Advance(Tick);
        Assert.True(read.Expired);
    }

    [Fact]
    public void A_hold_taken_before_the_read_starts_applies_to_it()
    {
        var timer = Timer();
        timer.Hold();
        using var read = timer.Start();
        _clock.Advance(Period * 2);
        Assert.False(read.Expired);
        timer.Release();
        _clock.Advance(Period);
        Assert.True(read.Expired);
    }

    [Fact]
    public void The_period_is_asked_each_time_the_timer_is_armed()
    {
        TimeSpan? period = null; // e.g. Sta2, where ARTIM applies instead
        var timer = new ReceiveTimer(() => period, _clock);
        using var read = timer.Start();
        _clock.Advance(Period * 2);
        Assert.False(read.Expired);
        period = Period; // the association is established: the next arming uses the period
        timer.Busy(true);
        timer.Busy(false);
        _clock.Advance(Period);
        Assert.True(read.Expired);
    }

    [Fact]
    public void A_finished_read_is_left_alone_by_later_holds_and_releases()
    {
        var timer = Timer();
        var read = timer.Start();
        var token = read.Token;
        read.Dispose();
        timer.Hold();
        timer.Release();
        _clock.Advance(Period * 2);
        Assert.False(token.IsCancellationRequested);
    }
}
