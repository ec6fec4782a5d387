using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Simulation.TimeSeries;

/// <summary>
/// Asks a run to sample its state every <see cref="IntervalSeconds"/> of simulated time (see <see cref="RunTimeSeries"/>).
/// Sampling is off unless asked for: a run without options pays one comparison per request and allocates nothing.
/// </summary>
public sealed record TimeSeriesOptions
{
    /// <summary>Creates options sampling every <paramref name="intervalSeconds"/> simulated seconds (&gt; 0, finite).</summary>
    public TimeSeriesOptions(double intervalSeconds)
    {
        if (!double.IsFinite(intervalSeconds) || intervalSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(intervalSeconds), intervalSeconds, "The sampling interval must be a positive number of seconds.");
        }

        IntervalSeconds = intervalSeconds;
    }

    /// <summary>Simulated seconds between samples.</summary>
    public double IntervalSeconds { get; }

    /// <summary>
    /// Options giving about <paramref name="points"/> samples over the expected length of a run of
    /// <paramref name="scenario"/>: its duration when set, else its trace's span, else (warm-up + measured requests)
    /// divided by the generated arrival rate (users × rate per user).
    /// </summary>
    public static TimeSeriesOptions ForScenario(Scenario scenario, int points = 200)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var length = ExpectedSeconds(scenario);
        return new TimeSeriesOptions(double.IsFinite(length) && length > 0 ? length / points : 1);
    }

    /// <summary>The expected simulated length of a run of <paramref name="scenario"/>, in seconds.</summary>
    public static double ExpectedSeconds(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.DurationSeconds > 0)
        {
            return scenario.DurationSeconds;
        }

        if (scenario.Trace is { Count: > 0 } trace)
        {
            var last = scenario.Requests > 0 ? Math.Min(trace.Count, scenario.WarmupRequests + scenario.Requests) : trace.Count;
            return trace.Times[(int)last - 1];
        }

        var rate = scenario.Workload.Users * scenario.Workload.RatePerUser;
        return (scenario.WarmupRequests + scenario.Requests) / rate;
    }
}
