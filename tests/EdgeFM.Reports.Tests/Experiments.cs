using EdgeFM.Reports.Figures;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Scenarios;
using EdgeFM.Simulation.TimeSeries;

namespace EdgeFM.Reports.Tests;

/// <summary>Small real experiments shared by the tests (simulated once per test run; each takes milliseconds).</summary>
internal static class Experiments
{
    private static readonly Lazy<ExperimentResult> ReproduceLazy = new(() =>
    {
        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Reproduce);
        return ExperimentRunner.Run(scenario, scenario.Policies, 6, scenario.Seed, timeSeries: TimeSeriesOptions.ForScenario(scenario, 50));
    });

    private static readonly Lazy<ExperimentResult> UnsampledLazy = new(() =>
    {
        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Reproduce);
        return ExperimentRunner.Run(scenario, ["LC", "FIFO"], 3, scenario.Seed);
    });

    /// <summary>The built-in reproduction, every policy, 6 runs, sampled 50 times per run.</summary>
    public static ExperimentResult Reproduce => ReproduceLazy.Value;

    /// <summary>The built-in reproduction with LC and FIFO, 3 runs, not sampled over time.</summary>
    public static ExperimentResult Unsampled => UnsampledLazy.Value;

    /// <summary>The one figure of <paramref name="figures"/> named <paramref name="name"/>.</summary>
    public static Figure Find(IReadOnlyList<Figure> figures, string name) =>
        Assert.Single(figures, f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
