using EdgeFM.Core.Caching;
using EdgeFM.Simulation.Scenarios;
using EdgeFM.Simulation.TimeSeries;
using EdgeFM.Simulation.Workloads;

namespace EdgeFM.Simulation;

/// <summary>
/// Runs a scenario with a cache policy: a discrete-event simulation in integer microsecond ticks in which users send
/// requests (Poisson arrivals, Zipf model popularity, drifting topics, or a replayed trace) to their nearest edge
/// server, whose policy serves, loads or offloads each to the cloud. A run is single-threaded and deterministic:
/// the same seed gives the same requests for every policy, and the same results.
/// </summary>
public sealed class Simulator
{
    /// <summary>Ticks per simulated second (1 tick = 1 µs).</summary>
    public const long TicksPerSecond = 1_000_000;

    private readonly CachePolicyFactory _policies;

    /// <summary>Creates a simulator for <paramref name="scenario"/>; policies are created by name from <paramref name="policies"/>.</summary>
    public Simulator(Scenario scenario, CachePolicyFactory? policies = null)
    {
        Scenario = scenario ?? throw new ArgumentNullException(nameof(scenario));
        _policies = policies ?? DefaultPolicies(scenario);
        Popularity = new AliasSampler(AliasSampler.ZipfWeights(scenario.Catalog.Count, scenario.Workload.ZipfSkew));
    }

    /// <summary>The scenario.</summary>
    public Scenario Scenario { get; }

    internal AliasSampler Popularity { get; }

    /// <summary>Runs the policy named <paramref name="policyName"/> with <paramref name="seed"/>.</summary>
    public RunResult Run(string policyName, int seed, CancellationToken cancellationToken = default) =>
        Run(policyName, seed, timeSeries: null, cancellationToken);

    /// <summary>
    /// Runs the policy named <paramref name="policyName"/> with <paramref name="seed"/>, sampling the run's state into
    /// <see cref="RunResult.TimeSeries"/> when <paramref name="timeSeries"/> is given (the results are the same either way).
    /// </summary>
    public RunResult Run(string policyName, int seed, TimeSeriesOptions? timeSeries, CancellationToken cancellationToken = default)
    {
        var policy = _policies.Create(policyName, Scenario.Catalog, new Random(PolicySeed(seed)));
        return Run(policy, seed, timeSeries, cancellationToken);
    }

    /// <summary>Runs <paramref name="policy"/> (a fresh instance per run: policies may keep state) with <paramref name="seed"/>.</summary>
    public RunResult Run(ICachePolicy policy, int seed, CancellationToken cancellationToken = default) =>
        Run(policy, seed, timeSeries: null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="policy"/> (a fresh instance per run) with <paramref name="seed"/>, sampling the run's state
    /// into <see cref="RunResult.TimeSeries"/> when <paramref name="timeSeries"/> is given.
    /// </summary>
    public RunResult Run(ICachePolicy policy, int seed, TimeSeriesOptions? timeSeries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new SimulationRun(this, policy, seed, timeSeries).Execute(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="policy"/> with <paramref name="seed"/>, reporting each of its decisions to
    /// <paramref name="observer"/> (the run is otherwise exactly <see cref="Run(ICachePolicy, int, CancellationToken)"/>).
    /// </summary>
    public RunResult Run(ICachePolicy policy, int seed, IDecisionObserver observer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(observer);
        return new SimulationRun(this, policy, seed, timeSeries: null, observer).Execute(cancellationToken);
    }

    /// <summary>The built-in policies, with LC credited the scenario's <see cref="ContextSettings.NewModelWorth"/>.</summary>
    public static CachePolicyFactory DefaultPolicies(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new CachePolicyFactory(scenario.Context.PolicyOptions);
    }

    /// <summary>The seed of the <see cref="Random"/> handed to a policy in run <paramref name="seed"/>; independent of the workload's stream.</summary>
    public static int PolicySeed(int seed) => unchecked((seed * 486_187_739) + 0x2545F491);
}
