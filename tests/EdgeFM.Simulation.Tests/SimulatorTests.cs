using EdgeFM.Core.Caching;
using EdgeFM.Core.Models;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Workloads;

namespace EdgeFM.Simulation.Tests;

public sealed class SimulatorTests
{
    [Fact]
    public void Results_do_not_depend_on_parallelism()
    {
        var scenario = TestScenarios.Small();
        var serial = ExperimentRunner.Run(scenario, CachePolicyNames.All, 4, 7, maxDegreeOfParallelism: 1);
        var parallel = ExperimentRunner.Run(scenario, CachePolicyNames.All, 4, 7, maxDegreeOfParallelism: 4);
        for (var p = 0; p < serial.Policies.Count; p++)
        {
            Assert.Equal(serial.Policies[p].Runs, parallel.Policies[p].Runs);
        }
    }

    [Fact]
    public void Every_policy_sees_the_same_requests_for_a_seed()
    {
        var simulator = new Simulator(TestScenarios.Small());
        var ends = CachePolicyNames.All.Select(p => simulator.Run(p, 5).EndTimeSeconds).Distinct().ToList();
        Assert.Single(ends);
    }

    [Fact]
    public void A_trace_is_replayed_request_by_request()
    {
        var scenario = TestScenarios.Small(servers: 1, models: 2, capacityGb: 100);
        var csv = "time,user,model,inputTokens,outputTokens,topic\n0.5,alice,m0,10,5,0.1\n1.0,bob,m1,10,5,0.2\n2.0,alice,m0,10,5,0.1\n";
        var trace = TraceReader.Read(new StringReader(csv), "t.csv", scenario.Catalog);
        var result = new Simulator(scenario with { Trace = trace, Requests = 0 }).Run(CachePolicyNames.FIFO, 1);
        Assert.Equal(3, result.Generated);
        Assert.Equal(3, result.Costs.EdgeRequests);
        Assert.Equal(2, result.Costs.Loads);
        Assert.Equal(2.0, result.EndTimeSeconds);
    }

    [Fact]
    public void Warm_start_loads_are_free_and_warmup_requests_are_not_counted()
    {
        var scenario = TestScenarios.Small(servers: 1, models: 2, capacityGb: 100, requests: 50, warmStart: true);
        var warm = new Simulator(scenario).Run(CachePolicyNames.FIFO, 1);
        Assert.Equal(0, warm.Costs.Switching);
        Assert.Equal(50, warm.Costs.EdgeRequests);
        var measured = new Simulator(scenario with { WarmupRequests = 30 }).Run(CachePolicyNames.FIFO, 1);
        Assert.Equal(50, measured.Generated);
        Assert.Equal(50, measured.Costs.Requests);
    }

    [Fact]
    public void Context_builds_up_so_accuracy_cost_per_request_falls_with_reuse()
    {
        var scenario = TestScenarios.Small(servers: 1, models: 1, capacityGb: 100, requests: 1);
        var first = new Simulator(scenario).Run(CachePolicyNames.LRU, 1).Costs;
        var many = new Simulator(scenario with { Requests = 200 }).Run(CachePolicyNames.LRU, 1).Costs;
        var zeroShot = 1 - scenario.Catalog[0].Accuracy.Evaluate(0);
        Assert.Equal(zeroShot, first.AverageAccuracy, 12);
        Assert.True(many.AverageAccuracy < zeroShot * 0.9, $"{many.AverageAccuracy} vs {zeroShot}");
    }

    [Fact]
    public void A_custom_policy_plugs_in_by_name()
    {
        var factory = new CachePolicyFactory().Register("EdgeFirst", (_, _) => new EdgeFirst());
        var scenario = TestScenarios.Small(capacityGb: 1000);
        var result = ExperimentRunner.Run(scenario, ["EdgeFirst"], 2, 1, factory);
        Assert.Equal(1, result.Policies[0].Mean(Metric.EdgeExecutionRatio));
    }

    private sealed class EdgeFirst : ICachePolicy
    {
        public string Name => "EdgeFirst";

        public CacheDecision Decide(in CacheRequest request, ICacheView cache, ICollection<ModelId> evictions) =>
            cache.IndexOf(request.ModelId) >= 0 ? CacheDecision.ServeAtEdge : CacheDecision.LoadAndServe;
    }
}
