using System.Diagnostics;
using EdgeFM.Core.Cluster;

namespace EdgeFM.Cluster.Node;

/// <summary>
/// The durations of the most recent <see cref="Window"/> directory lookups, in a ring written without locks (a reader
/// may see a slot mid-overwrite, which changes one sample of thousands); percentiles are computed when read.
/// </summary>
internal sealed class LookupTimer
{
    /// <summary>How many recent lookups the percentiles cover.</summary>
    public const int Window = 4096;

    private readonly long[] _ticks = new long[Window];
    private long _count;

    /// <summary>Records one lookup that started at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) and ends now.</summary>
    public void Record(long startTimestamp) => RecordElapsed(Stopwatch.GetTimestamp() - startTimestamp);

    /// <summary>Records one lookup that took <paramref name="elapsed"/> <see cref="Stopwatch"/> ticks.</summary>
    internal void RecordElapsed(long elapsed)
    {
        var slot = (Interlocked.Increment(ref _count) - 1) % Window;
        Volatile.Write(ref _ticks[slot], elapsed);
    }

    /// <summary>Count, and p50/p99 over the recorded window.</summary>
    public LookupTimes Read()
    {
        var count = Interlocked.Read(ref _count);
        var sampled = (int)Math.Min(count, Window);
        if (sampled == 0)
        {
            return new LookupTimes(0, 0, TimeSpan.Zero, TimeSpan.Zero);
        }

        var ticks = _ticks.AsSpan(0, sampled).ToArray();
        Array.Sort(ticks);
        return new LookupTimes(count, sampled, Duration(Rank(ticks, 0.50)), Duration(Rank(ticks, 0.99)));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static long Rank(long[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static TimeSpan Duration(long stopwatchTicks) => TimeSpan.FromTicks(stopwatchTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
}
