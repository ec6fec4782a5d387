using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.TimeSeries;

namespace EdgeFM.Reports;

/// <summary>
/// One policy's time series pooled over its runs, at the regular sample times (k + 1) × interval reached by at least
/// half of the runs (each run's final, shorter interval is left out, and so are times too few runs reached to average).
/// </summary>
public sealed class PolicyTimeSeries
{
    private PolicyTimeSeries(string policy, double[] times, double[] edgeRatio, double[] cachedModels, double warmupEnd)
    {
        Policy = policy;
        Times = times;
        EdgeExecutionRatio = edgeRatio;
        CachedModels = cachedModels;
        WarmupEndSeconds = warmupEnd;
    }

    /// <summary>The policy's name.</summary>
    public string Policy { get; }

    /// <summary>Sample times in simulated seconds.</summary>
    public IReadOnlyList<double> Times { get; }

    /// <summary>
    /// Per sample, the fraction of the requests that arrived in its interval, over all runs, that were executed at the
    /// edge (edge requests summed over runs / requests summed over runs; NaN when none arrived).
    /// </summary>
    public IReadOnlyList<double> EdgeExecutionRatio { get; }

    /// <summary>Per sample, the mean over runs of the models cached on all servers.</summary>
    public IReadOnlyList<double> CachedModels { get; }

    /// <summary>The mean over runs of when the warm-up ended, in simulated seconds (0 without warm-up).</summary>
    public double WarmupEndSeconds { get; }

    /// <summary>Pools the time series of <paramref name="summary"/>'s runs; null when its runs were not sampled.</summary>
    public static PolicyTimeSeries? From(PolicySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var series = summary.Runs.Select(r => r.TimeSeries).OfType<RunTimeSeries>().ToList();
        if (series.Count == 0)
        {
            return null;
        }

        var interval = series[0].IntervalSeconds;
        var regular = series.Select(s => RegularCount(s, interval)).OrderDescending().ToList();
        var count = regular[(series.Count - 1) / 2];
        var times = new double[count];
        var ratio = new double[count];
        var cached = new double[count];
        for (var k = 0; k < count; k++)
        {
            long requests = 0, edge = 0, models = 0;
            var runs = 0;
            foreach (var run in series)
            {
                if (k < RegularCount(run, interval))
                {
                    requests += run.Requests[k];
                    edge += run.EdgeRequests[k];
                    models += run.CachedModels[k];
                    runs++;
                }
            }

            times[k] = (k + 1) * interval;
            ratio[k] = requests == 0 ? double.NaN : (double)edge / requests;
            cached[k] = (double)models / runs;
        }

        return new PolicyTimeSeries(summary.Name, times, ratio, cached, series.Average(s => s.WarmupEndSeconds));
    }

    /// <summary>The number of leading samples taken at the regular times (k + 1) × interval.</summary>
    private static int RegularCount(RunTimeSeries series, double interval)
    {
        var count = series.Count;
        return count > 0 && series.Times[count - 1] < count * interval ? count - 1 : count;
    }
}
