using EdgeFM.Simulation.Experiments;
using EdgeFM.Simulation.Reports;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Simulation.Tests.Cluster;

public sealed class ClusterScenarioTests
{
    private const string Base = """
        requests: 50
        cloud: { latencySeconds: 0.02, pricePerRequest: 0.06 }
        servers: [{ name: e, memoryGB: 20, computeGflops: 1000 }]
        models: [{ id: a, memoryGB: 4, computeGflop: 10, loadSeconds: 1 }, { id: b, memoryGB: 8, computeGflop: 10, loadSeconds: 1 }]

        """;

    [Fact]
    public void The_cluster_section_is_read_with_its_units()
    {
        var scenario = ScenarioLoader.Parse(Base + """
            cluster:
              cooperation: on
              interEdgeLatencyMs: 3
              interEdgeBandwidthMBps: 500
              assignment: spread
              prefetch: off
              forecast: { periodSeconds: 30, alpha: 0.4, beta: 0.2, minDemand: 2, prefetchMinDemand: 5 }
            """, "c.yaml", ".");
        Assert.True(scenario.Cluster.Cooperation);
        Assert.Equal(0.003, scenario.Cluster.Link.LatencySeconds, 12);
        Assert.Equal(5e8, scenario.Cluster.Link.BandwidthBytesPerSecond);
        Assert.Equal(UserAssignment.Spread, scenario.Cluster.Assignment);
        Assert.False(scenario.Cluster.Policy.Prefetch);
        Assert.True(scenario.Cluster.Policy.ProtectLastCopy);
        Assert.Equal(30, scenario.Cluster.Policy.PeriodSeconds);
        Assert.Equal(0.4, scenario.Cluster.Policy.Alpha);
        Assert.Equal(5, scenario.Cluster.Policy.PrefetchMinDemand);
        Assert.Null(scenario.Compare);
        Assert.False(ScenarioLoader.Parse(Base, "plain.yaml", ".").Cluster.Cooperation);
    }

    [Theory]
    [InlineData("cluster: { cooperation: maybe }", "expected on or off but found 'maybe'")]
    [InlineData("cluster: { assignment: random }", "unknown assignment 'random'")]
    [InlineData("cluster: { interEdgeBandwidthMBps: 0 }", "cluster.interEdgeBandwidthMBps")]
    [InlineData("cluster: { forecast: { alpha: 1.5 } }", "cluster.forecast.alpha")]
    [InlineData("compare: { edges: [1, zero] }", "compare.edges[1]")]
    [InlineData("cluster: { peers: 3 }", "unknown field")]
    public void Bad_cluster_fields_get_one_clear_message(string yaml, string expected)
    {
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Base + yaml, "bad.yaml", "."));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_comparison_expands_to_three_sizes_each_independent_then_cooperating()
    {
        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Cooperation);
        var variants = ClusterVariant.Expand(scenario);
        Assert.Equal([1, 1, 4, 4, 16, 16], variants.Select(v => v.Edges));
        Assert.Equal([false, true, false, true, false, true], variants.Select(v => v.Cooperation));
        var sixteen = variants[5].Scenario;
        Assert.Equal(16, sixteen.Servers.Count);
        Assert.Equal(16 * scenario.Workload.Users, sixteen.Workload.Users);
        Assert.Equal(16 * scenario.Requests, sixteen.Requests);
        Assert.True(sixteen.Cluster.Cooperation);
        Assert.Equal(16, sixteen.Servers.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_comparison_table_has_a_row_per_policy_size_and_setting()
    {
        var scenario = BuiltInScenarios.Load(BuiltInScenarios.Cooperation) with { Requests = 100, WarmupRequests = 50, Compare = new ClusterComparison([1, 4], [false, true]) };
        var result = ClusterComparisonResult.Run(null, scenario, ["LC"], 2, 1);
        var table = ClusterComparisonTable.Render(result);
        Assert.Contains("| LC | 4 | no |", table, StringComparison.Ordinal);
        Assert.Contains("| Coop-LC | 4 | yes |", table, StringComparison.Ordinal);
        Assert.Equal(4 + 2, table.Split('\n').Count(line => line.StartsWith("| ", StringComparison.Ordinal)));
    }
}
