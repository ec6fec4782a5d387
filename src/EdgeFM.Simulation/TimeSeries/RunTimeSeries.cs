using EdgeFM.Core.Models;

namespace EdgeFM.Simulation.TimeSeries;

/// <summary>
/// A run's state sampled at fixed simulated-time intervals. Sample k is taken at
/// <see cref="Times"/>[k] = (k + 1) × <see cref="IntervalSeconds"/>, after every request that arrived up to that
/// instant (inclusive) was served and before any later one; the last sample is taken at the run's end time, the last
/// request's arrival (its interval may be shorter). Counts include the warm-up requests; <see cref="WarmupEndSeconds"/> says where it ended.
/// </summary>
public sealed class RunTimeSeries
{
    private readonly double[] _contextValues;

    internal RunTimeSeries(
        double intervalSeconds,
        IReadOnlyList<ModelId> models,
        double warmupEndSeconds,
        double[] times,
        long[] requests,
        long[] edgeRequests,
        int[] cachedModels,
        double[] contextValues)
    {
        IntervalSeconds = intervalSeconds;
        Models = models;
        WarmupEndSeconds = warmupEndSeconds;
        Times = times;
        Requests = requests;
        EdgeRequests = edgeRequests;
        CachedModels = cachedModels;
        _contextValues = contextValues;
    }

    /// <summary>Simulated seconds between samples.</summary>
    public double IntervalSeconds { get; }

    /// <summary>The catalog's models, in catalog order: the columns of <see cref="ContextValue"/>.</summary>
    public IReadOnlyList<ModelId> Models { get; }

    /// <summary>Simulated time at which the warm-up ended (the last warm-up request's arrival), in seconds; 0 without warm-up.</summary>
    public double WarmupEndSeconds { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Times.Count;

    /// <summary>Simulated time of each sample, in seconds.</summary>
    public IReadOnlyList<double> Times { get; }

    /// <summary>Requests that arrived in each sample's interval (after the previous sample's time, up to its own inclusive).</summary>
    public IReadOnlyList<long> Requests { get; }

    /// <summary>Of <see cref="Requests"/>, those executed at the edge.</summary>
    public IReadOnlyList<long> EdgeRequests { get; }

    /// <summary>Models cached at the sample's time, summed over all edge servers.</summary>
    public IReadOnlyList<int> CachedModels { get; }

    /// <summary>
    /// The Age-of-Context value of model <paramref name="model"/>'s context (its column in <see cref="Models"/>) at
    /// sample <paramref name="sample"/>: an effective number of examples (dimensionless), evaluated for a request at the
    /// sample's time on the workload's current topic (the drifting topic centre for generated requests; the latest
    /// request's topic for a trace), summed over the servers that cache the model; <see cref="double.NaN"/> when no
    /// server caches it.
    /// </summary>
    public double ContextValue(int sample, int model)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, Count);
        ArgumentOutOfRangeException.ThrowIfNegative(model);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(model, Models.Count);
        return _contextValues[(sample * Models.Count) + model];
    }

    /// <summary>The fraction of <see cref="Requests"/> executed at the edge in sample <paramref name="sample"/>'s interval (NaN when none arrived).</summary>
    public double EdgeExecutionRatio(int sample) =>
        Requests[sample] == 0 ? double.NaN : (double)EdgeRequests[sample] / Requests[sample];
}
