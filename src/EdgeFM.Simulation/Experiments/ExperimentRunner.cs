using EdgeFM.Core.Caching;
using EdgeFM.Simulation.Scenarios;
using EdgeFM.Simulation.TimeSeries;

namespace EdgeFM.Simulation.Experiments;

/// <summary>
/// Runs several policies × several seeds of a scenario in parallel on all cores. Each run is single-threaded and
/// deterministic, so results do not depend on the degree of parallelism.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>Runs <paramref name="policies"/> for seeds <paramref name="seed"/> .. seed + runs − 1.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="policies">Policy names (see <paramref name="factory"/>).</param>
    /// <param name="runs">Runs per policy (≥ 1).</param>
    /// <param name="seed">The first seed.</param>
    /// <param name="factory">Creates policies by name; the built-ins when null.</param>
    /// <param name="progress">Receives the number of finished runs after each run (from worker threads).</param>
    /// <param name="maxDegreeOfParallelism">Threads to use; all cores when null.</param>
    /// <param name="cancellationToken">Cancels the experiment.</param>
    /// <param name="timeSeries">When given, every run samples its state over simulated time (<see cref="RunResult.TimeSeries"/>).</param>
    public static ExperimentResult Run(
        Scenario scenario,
        IReadOnlyList<string> policies,
        int runs,
        int seed,
        CachePolicyFactory? factory = null,
        IProgress<int>? progress = null,
        int? maxDegreeOfParallelism = null,
        CancellationToken cancellationToken = default,
        TimeSeriesOptions? timeSeries = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        var simulator = new Simulator(scenario, factory);
        var results = new RunResult[policies.Count * runs];
        var finished = 0;
        var options = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount,
        };
        Parallel.For(0, results.Length, options, job =>
        {
            results[job] = simulator.Run(policies[job / runs], unchecked(seed + (job % runs)), timeSeries, cancellationToken);
            progress?.Report(Interlocked.Increment(ref finished));
        });

        var summaries = new List<PolicySummary>(policies.Count);
        for (var p = 0; p < policies.Count; p++)
        {
            summaries.Add(new PolicySummary(results[p * runs].Policy, new ArraySegment<RunResult>(results, p * runs, runs)));
        }

        return new ExperimentResult(summaries, runs, seed);
    }
}
