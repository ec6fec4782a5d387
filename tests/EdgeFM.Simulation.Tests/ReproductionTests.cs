using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Reports;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Simulation.Tests;

/// <summary>The built-in scenario reproduces the structure of the paper's Table II (numbers come from the simulation).</summary>
public sealed class ReproductionTests
{
    private static readonly Lazy<ExperimentResult> Result = new(() =>
    {
        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Reproduce);
        return ExperimentRunner.Run(scenario, scenario.Policies, 100, scenario.Seed);
    });

    private static PolicySummary P(string name) => Result.Value.Policies.Single(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    [Fact]
    public void System_cost_is_exactly_the_sum_of_the_five_components()
    {
        foreach (var policy in Result.Value.Policies)
        {
            foreach (var run in policy.Runs)
            {
                var c = run.Costs;
                Assert.Equal(c.Switching + c.Accuracy + c.Inference + c.Offloading + c.Cloud, c.System);
            }
        }
    }

    [Fact]
    public void LC_has_the_lowest_system_cost_of_the_papers_five_policies()
    {
        var lc = P("LC").Mean(Metric.SystemCost);
        foreach (var other in new[] { "Random", "Cloud", "FIFO", "LFU" })
        {
            Assert.True(lc < P(other).Mean(Metric.SystemCost), $"LC {lc} vs {other} {P(other).Mean(Metric.SystemCost)}");
        }
    }

    [Fact]
    public void Cloud_executes_nothing_at_the_edge_and_LFU_and_LC_switch_far_less_than_FIFO_and_Random()
    {
        Assert.Equal(0, P("Cloud").Mean(Metric.EdgeRequests));
        foreach (var frugal in new[] { "LFU", "LC" })
        {
            foreach (var busy in new[] { "FIFO", "Random" })
            {
                Assert.True(P(frugal).Mean(Metric.SwitchingCost) * 5 < P(busy).Mean(Metric.SwitchingCost), $"{frugal} vs {busy}");
            }
        }
    }

    [Fact]
    public void Edge_execution_ratios_are_ordered_FIFO_LC_LFU_Random_Cloud()
    {
        string[] order = ["FIFO", "LC", "LFU", "Random", "Cloud"];
        for (var i = 0; i + 1 < order.Length; i++)
        {
            Assert.True(P(order[i]).Mean(Metric.EdgeExecutionRatio) > P(order[i + 1]).Mean(Metric.EdgeExecutionRatio), $"{order[i]} vs {order[i + 1]}");
        }
    }

    [Fact]
    public void The_cloud_column_matches_the_paper_exactly_by_construction_of_the_price()
    {
        Assert.Equal(PaperTable2.Value("Cloud", Metric.CloudCost)!.Value, P("Cloud").Mean(Metric.CloudCost), 2);
    }
}
