using EdgeFM.Core.Costs;
using EdgeFM.Core.Models;
using EdgeFM.Core.Topology;

namespace EdgeFM.Core.Tests.Costs;

public sealed class CostModelTests
{
    private static readonly EdgeServerSpec Server = new()
    {
        Name = "e1",
        MemoryCapacityBytes = 10 * TestCatalog.GB,
        ComputeGflopPerSecond = 1000,
        LinkLatencySeconds = 0.004,
        LinkBandwidthBytesPerSecond = 1_000_000,
    };

    [Fact]
    public void Edge_request_charges_inference_offloading_and_accuracy()
    {
        var model = TestCatalog.Model("A", TestCatalog.GB) with { Accuracy = new AccuracyCurve(0.4, 0.1, 1) };
        var costs = new CostModel(new CostWeights { Accuracy = 0.5 }, new CloudSpec(0.02, 0.06));
        var totals = default(CostBreakdown);
        costs.ChargeEdge(ref totals, Server, model, 1, 2000);
        Assert.Equal(0.01, totals.Inference, 12);
        Assert.Equal(0.006, totals.Offloading, 12);
        Assert.Equal(0.5 * 0.5, totals.Accuracy, 12);
        Assert.Equal(0, totals.Cloud);
        Assert.Equal(1, totals.EdgeRequests);
        Assert.Equal(1, totals.EdgeExecutionRatio);
    }

    [Fact]
    public void Cloud_request_and_load_charge_only_their_components()
    {
        var model = TestCatalog.Model("A", TestCatalog.GB);
        var costs = new CostModel(new CostWeights { SwitchingEnergy = 0.002 }, new CloudSpec(0.02, 0.06));
        var totals = default(CostBreakdown);
        costs.ChargeCloud(ref totals);
        costs.ChargeLoad(ref totals, model);
        Assert.Equal(0.08, totals.Cloud, 12);
        Assert.Equal(2 + (0.002 * 100), totals.Switching, 12);
        Assert.Equal(0, totals.Inference + totals.Offloading + totals.Accuracy);
        Assert.Equal(1, totals.Requests);
        Assert.Equal(0, totals.EdgeExecutionRatio);
        Assert.Equal(0, totals.AverageAccuracy);
    }

    [Fact]
    public void System_cost_is_exactly_the_sum_of_the_components()
    {
        var totals = new CostBreakdown { Switching = 1.5, Accuracy = 0.25, Inference = 0.125, Offloading = 0.0625, Cloud = 2, Requests = 4, EdgeRequests = 2 };
        Assert.Equal(1.5 + 0.25 + 0.125 + 0.0625 + 2, totals.System);
        Assert.Equal(0.125, totals.AverageAccuracy);
        var sum = default(CostBreakdown);
        sum.Add(totals);
        sum.Add(totals);
        Assert.Equal(2 * totals.System, sum.System);
        Assert.Equal(8, sum.Requests);
    }
}
