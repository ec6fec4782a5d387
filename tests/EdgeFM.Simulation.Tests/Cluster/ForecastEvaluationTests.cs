using EdgeFM.Core.Caching;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Simulation.Tests.Cluster;

public sealed class ForecastEvaluationTests
{
    [Fact]
    public void Scores_one_series_per_edge_and_model_over_the_whole_periods_of_the_run_deterministically_per_seed()
    {
        var shipped = BuiltInScenarios.Load(BuiltInScenarios.Cooperation);
        var scenario = ClusterVariant.Expand(shipped).First(v => v.Edges == 4).Scenario with { Compare = null };
        var error = ForecastEvaluation.Run(scenario, 1);

        // The same requests as an independent LC run: one forecast per whole period after the first, per (edge, model).
        var run = new Simulator(scenario with { Cluster = scenario.Cluster with { Cooperation = false } }).Run(CachePolicyNames.LC, 1);
        var periods = (long)Math.Floor(run.EndTimeSeconds / scenario.Cluster.Policy.PeriodSeconds);
        Assert.True(periods > 1, $"the run should span several forecast periods, not {periods}");
        Assert.Equal(4 * scenario.Catalog.Count * (periods - 1), error.Forecasts);
        Assert.True(error.Mae > 0 && error.NaiveMae > 0);

        Assert.Equal(error, ForecastEvaluation.Run(scenario, 1));
        Assert.NotEqual(error, ForecastEvaluation.Run(scenario, 2));
    }
}
