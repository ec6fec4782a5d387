using System.Diagnostics;
using EdgeFM.Cluster.Node;

namespace EdgeFM.Cluster.Tests;

public sealed class LookupTimerTests
{
    private static long Microseconds(int us) => us * Stopwatch.Frequency / 1_000_000;

    [Fact]
    public void No_lookups_read_as_zero()
    {
        var times = new LookupTimer().Read();

        Assert.Equal((0L, 0, TimeSpan.Zero, TimeSpan.Zero), (times.Count, times.Sampled, times.P50, times.P99));
    }

    [Fact]
    public void Percentiles_are_nearest_rank_over_the_recorded_durations()
    {
        var timer = new LookupTimer();
        foreach (var us in Enumerable.Range(1, 200).Reverse())
        {
            timer.RecordElapsed(Microseconds(us));
        }

        var times = timer.Read();

        Assert.Equal(200, times.Count);
        Assert.Equal(200, times.Sampled);
        Assert.Equal(100, times.P50.TotalMicroseconds, precision: 0);
        Assert.Equal(198, times.P99.TotalMicroseconds, precision: 0);
    }

    [Fact]
    public void Only_the_most_recent_window_of_lookups_is_sampled()
    {
        var timer = new LookupTimer();
        for (var i = 0; i < 1000; i++)
        {
            timer.RecordElapsed(Microseconds(5000));
        }

        for (var i = 0; i < LookupTimer.Window; i++)
        {
            timer.RecordElapsed(Microseconds(7));
        }

        var times = timer.Read();

        Assert.Equal(1000 + LookupTimer.Window, times.Count);
        Assert.Equal(LookupTimer.Window, times.Sampled);
        Assert.Equal(7, times.P99.TotalMicroseconds, precision: 0);
    }
}
