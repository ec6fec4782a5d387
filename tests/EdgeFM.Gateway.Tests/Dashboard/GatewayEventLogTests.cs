using EdgeFM.Gateway.Dashboard;
using Microsoft.Extensions.Time.Testing;

namespace EdgeFM.Gateway.Tests.Dashboard;

public sealed class GatewayEventLogTests
{
    [Fact]
    public void The_log_keeps_the_latest_events_newest_first_and_drops_the_oldest()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var log = new GatewayEventLog("LRU", time);
        for (var i = 0; i < GatewayEventLog.Capacity + 44; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            log.LoadStarted("m" + i, i);
        }

        var latest = log.Latest(int.MaxValue);

        Assert.Equal(GatewayEventLog.Capacity, latest.Count);
        Assert.Equal(GatewayEventLog.Capacity + 44, log.LastSequence);
        Assert.Equal(Enumerable.Range(45, GatewayEventLog.Capacity).Reverse().Select(i => (long)i), latest.Select(e => e.Sequence));
        Assert.Equal("m299", latest[0].Model);
        Assert.Equal(time.GetUtcNow(), latest[0].Time);
        Assert.Equal(3, log.Latest(3).Count);
    }

    [Fact]
    public void An_eviction_takes_the_reason_the_policy_gave_for_it_else_says_what_it_made_room_for()
    {
        var log = new GatewayEventLog("FIFO", TimeProvider.System);
        log.NoteReason("m0", "m2", "FIFO evicted it for m2: loaded first (resident 9.0 s)");

        log.Evicted("m0", 100, "policy", "m2");
        log.Evicted("m1", 100, "policy", "m3");
        log.Evicted("m0", 100, "policy", "m2");
        log.Evicted("m4", 50, "file changed", null);
        log.Evicted("m5", 70, "operator", null);

        Assert.Equal(
            [
                ("unloaded", "m5", "unloaded by an operator"),
                ("evicted", "m4", "file changed"),
                ("evicted", "m0", "FIFO evicted it to make room for m2"),
                ("evicted", "m1", "FIFO evicted it to make room for m3"),
                ("evicted", "m0", "FIFO evicted it for m2: loaded first (resident 9.0 s)"),
            ],
            log.Latest(10).Select(e => (e.Kind, e.Model, e.Reason)));
    }

    [Fact]
    public async Task Changed_completes_at_the_next_event()
    {
        var log = new GatewayEventLog("LRU", TimeProvider.System);
        var changed = log.Changed;
        Assert.False(changed.IsCompleted);

        log.LoadFinished("m0", 100, 0.25, null);

        await changed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("loaded in 0.250 s", log.Latest(1)[0].Reason);
    }

    [Theory]
    [InlineData(0.5, 2)]
    [InlineData(0.95, 4)]
    [InlineData(0.99, 4)]
    [InlineData(0.0, 1)]
    public void Percentiles_are_nearest_rank(double q, double expected) =>
        Assert.Equal(expected, DashboardStats.Percentile([1, 2, 3, 4], q));
}
