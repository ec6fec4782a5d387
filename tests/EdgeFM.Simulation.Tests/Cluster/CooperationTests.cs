using EdgeFM.Core.Caching;
using EdgeFM.Core.Costs;
using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Scenarios;
using EdgeFM.Simulation.Workloads;

namespace EdgeFM.Simulation.Tests.Cluster;

public sealed class CooperationTests
{
    /// <summary>Two edges of 10 GB, users spread (first trace user → edge 0, second → edge 1), m0 and m1 8 GB each.</summary>
    private static Scenario TwoEdges(string csv, bool cooperation)
    {
        var small = TestScenarios.Small(servers: 2, models: 2, capacityGb: 10);
        var catalog = new Core.Models.ModelCatalog(small.Catalog.Models.Select(m => m with { MemoryBytes = 8 * TestScenarios.GB }));
        var scenario = small with
        {
            Catalog = catalog,
            Requests = 0,
            Weights = new CostWeights { Accuracy = 0.02 },
            Cluster = new ClusterSettings
            {
                Cooperation = cooperation,
                Assignment = UserAssignment.Spread,
                Policy = new CooperativePolicyOptions { Prefetch = false, ProtectLastCopy = false },
            },
        };
        return scenario with { Trace = TraceReader.Read(new StringReader(csv), "t.csv", catalog) };
    }

    [Fact]
    public void A_peer_serves_a_miss_and_the_hop_is_charged_as_offloading_latency()
    {
        const string csv = "time,user,model,inputTokens,outputTokens,topic\n1,alice,m0,1000,5,0.1\n2,bob,m0,1000,5,0.1\n";
        var independent = new Simulator(TwoEdges(csv, cooperation: false)).Run(CachePolicyNames.FIFO, 1);
        var cooperating = new Simulator(TwoEdges(csv, cooperation: true)).Run(CachePolicyNames.FIFO, 1);

        Assert.Equal(2, independent.Costs.Loads);
        Assert.Equal(0, independent.PeerRequests);
        Assert.Equal(1, cooperating.Costs.Loads);
        Assert.Equal(1, cooperating.PeerRequests);
        Assert.Equal(2, cooperating.Costs.EdgeRequests);
        Assert.Equal("Coop-FIFO", cooperating.Policy);

        // Same user links and compute; the only extra offloading is bob's hop: 2 ms + 4,000 bytes at 1.25 GB/s.
        var hop = new ClusterSettings().Link.HopSeconds(1000 * 4);
        Assert.Equal(independent.Costs.Offloading + hop, cooperating.Costs.Offloading, 12);
        Assert.Equal(independent.Costs.Inference, cooperating.Costs.Inference, 12);
        Assert.True(cooperating.Costs.Switching < independent.Costs.Switching);

        // System cost stays exactly the sum of the five components.
        var c = cooperating.Costs;
        Assert.Equal(c.Switching + c.Accuracy + c.Inference + c.Offloading + c.Cloud, c.System);
    }

    [Fact]
    public void Cooperation_sends_no_more_requests_to_the_cloud_when_a_peer_holds_the_model()
    {
        // LFU keeps bob's much-used m1 on edge 1 and sends his m0 requests to the cloud; edge 0 holds m0.
        var csv = "time,user,model,inputTokens,outputTokens,topic\n1,alice,m0,100,5,0.1\n"
            + string.Concat(Enumerable.Range(0, 5).Select(i => $"{2 + i},bob,m1,100,5,0.1\n"))
            + string.Concat(Enumerable.Range(0, 3).Select(i => $"{10 + i},bob,m0,100,5,0.1\n"));
        foreach (var policy in new[] { CachePolicyNames.LFU, CachePolicyNames.LC, CachePolicyNames.Cloud })
        {
            var independent = new Simulator(TwoEdges(csv, cooperation: false)).Run(policy, 1);
            var cooperating = new Simulator(TwoEdges(csv, cooperation: true)).Run(policy, 1);
            Assert.True(cooperating.CloudRequests <= independent.CloudRequests, $"{policy}: {cooperating.CloudRequests} > {independent.CloudRequests}");
            if (string.Equals(policy, CachePolicyNames.LFU, StringComparison.Ordinal))
            {
                Assert.Equal(3, independent.CloudRequests);
                Assert.Equal(0, cooperating.CloudRequests);
                Assert.Equal(3, cooperating.PeerRequests);
            }
        }
    }

    [Fact]
    public void Cooperating_runs_are_deterministic_per_seed_and_independent_of_parallelism()
    {
        var scenario = TestScenarios.Small(servers: 4, models: 8, requests: 3_000, zipf: 1.0, warmStart: true) with
        {
            Weights = new CostWeights { Accuracy = 0.02 },
            Workload = new WorkloadSettings { Users = 40, RatePerUser = 0.5, ZipfSkew = 1.0, PopularityShiftSeconds = 30 },
            Cluster = new ClusterSettings { Cooperation = true, Policy = new CooperativePolicyOptions { PeriodSeconds = 5 } },
        };
        var serial = ExperimentRunner.Run(scenario, [CachePolicyNames.LC, CachePolicyNames.LFU, CachePolicyNames.Random], 3, 11, maxDegreeOfParallelism: 1);
        var parallel = ExperimentRunner.Run(scenario, [CachePolicyNames.LC, CachePolicyNames.LFU, CachePolicyNames.Random], 3, 11, maxDegreeOfParallelism: 3);
        for (var p = 0; p < serial.Policies.Count; p++)
        {
            Assert.Equal(serial.Policies[p].Runs, parallel.Policies[p].Runs);
        }

        var lc = serial.Policies[0].Runs[0];
        Assert.True(lc.PeerRequests > 0, "some misses should be served by peers");
        Assert.True(lc.PeakMemoryUtilization <= 1);
        Assert.Equal(3_000, lc.Costs.Requests);
    }

    [Fact]
    public void One_cooperating_edge_without_prefetch_equals_one_independent_edge()
    {
        // One edge has no peer and no other copy to protect: without prefetching, cooperation changes nothing.
        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Reproduce);
        var cooperating = scenario with { Cluster = new ClusterSettings { Cooperation = true, Policy = new CooperativePolicyOptions { Prefetch = false } } };
        foreach (var policy in new[] { CachePolicyNames.LC, CachePolicyNames.LFU, CachePolicyNames.Random })
        {
            for (var seed = 1; seed <= 5; seed++)
            {
                var a = new Simulator(scenario).Run(policy, seed);
                var b = new Simulator(cooperating).Run(policy, seed);
                Assert.Equal(a.Costs, b.Costs);
                Assert.Equal(a.CloudRequests, b.CloudRequests);
            }
        }
    }
}
