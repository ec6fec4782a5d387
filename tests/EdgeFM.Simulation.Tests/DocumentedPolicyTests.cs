using EdgeFM.Core.Caching;
using EdgeFM.Core.Models;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Reports;

namespace EdgeFM.Simulation.Tests;

/// <summary>The custom policy shown in docs/simulation.md compiles and runs beside the built-ins.</summary>
public sealed class DocumentedPolicyTests
{
    [Fact]
    public void The_documented_custom_policy_runs_next_to_LC()
    {
        var factory = new CachePolicyFactory().Register("LargestFirst", (catalog, random) => new LargestFirstPolicy());
        var scenario = TestScenarios.Small(capacityGb: 15);
        var result = ExperimentRunner.Run(scenario, ["LargestFirst", "LC"], runs: 3, seed: 1, factory);
        Assert.Equal("LargestFirst", result.Policies[0].Name);
        Assert.True(result.Policies[0].Mean(Metric.EdgeExecutionRatio) > 0);
        Assert.Contains("LargestFirst", ResultTable.Render(result, withPaper: false), StringComparison.Ordinal);
    }

    private sealed class LargestFirstPolicy : ICachePolicy
    {
        public string Name => "LargestFirst";

        public CacheDecision Decide(in CacheRequest request, ICacheView cache, ICollection<ModelId> evictions) =>
            ScoredEviction.Decide(request, cache, evictions, default(Size), double.PositiveInfinity);

        private readonly struct Size : IEvictionScore
        {
            public double Score(ICacheView cache, int index, in CacheRequest request) => -cache[index].Bytes;
        }
    }
}
