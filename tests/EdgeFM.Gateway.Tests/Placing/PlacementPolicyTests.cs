using EdgeFM.Core.Costs;
using EdgeFM.Core.Models;
using EdgeFM.Gateway.Placing;

namespace EdgeFM.Gateway.Tests.Placing;

public sealed class PlacementPolicyTests
{
    // Defaults: edge accuracy 0.8 zero-shot (cost 0.2), cloud 0.5 price + 1 s latency = 1.5.
    private static readonly CostPlacementPolicy Cost = new(new PlacementSettings());

    private static PlacementSituation Cached() => new()
    {
        Model = new ModelId("m"),
        Cached = true,
        PromptTokens = 100,
        OutputTokens = 32,
        ContextLength = 512,
        PrefillSecondsPerToken = 0.001,
        DecodeSecondsPerToken = 0.01,
        PayloadBytes = 400,
        CloudAvailable = true,
        CloudLatencySeconds = 1,
    };

    [Fact]
    public void A_cached_model_with_a_short_queue_serves_at_the_edge_with_the_costs_it_compared()
    {
        var decision = Cost.Decide(Cached());

        Assert.Equal(Placement.Edge, decision.Target);
        Assert.Equal("edge model", decision.Reason);
        // 0.1 s prefill + 0.32 s decode + 400 B over 12.5 MB/s + accuracy cost 0.2.
        Assert.Equal(0.1 + 0.32 + (400 / 12_500_000.0) + 0.2, decision.EdgeCost, 9);
        Assert.Equal(1.5, decision.CloudCost, 9);
    }

    [Fact]
    public void A_long_queue_sends_the_request_to_the_cloud()
    {
        // Each request ahead costs 0.42 s: three ahead push the edge to 1.88 > 1.5.
        Assert.Equal(Placement.Edge, Cost.Decide(Cached() with { QueueAhead = 2 }).Target);
        var decision = Cost.Decide(Cached() with { QueueAhead = 3 });

        Assert.Equal(Placement.Cloud, decision.Target);
        Assert.Equal("edge queue is long", decision.Reason);
    }

    [Fact]
    public void Parallel_generations_shorten_the_wait_in_whole_rounds()
    {
        Assert.Equal(Placement.Edge, Cost.Decide(Cached() with { QueueAhead = 3, Parallel = 2 }).Target);
        Assert.Equal(Placement.Edge, Cost.Decide(Cached() with { QueueAhead = 5, Parallel = 2 }).Target);
        Assert.Equal(Placement.Cloud, Cost.Decide(Cached() with { QueueAhead = 6, Parallel = 2 }).Target);
    }

    [Fact]
    public void A_slow_load_is_not_worth_it_but_a_fast_one_is()
    {
        var fast = Cost.Decide(Cached() with { Cached = false, LoadSeconds = 0.5 });
        var slow = Cost.Decide(Cached() with { Cached = false, LoadSeconds = 5 });

        Assert.Equal(Placement.Edge, fast.Target);
        Assert.Equal("worth loading at the edge", fast.Reason);
        Assert.Equal(Placement.Cloud, slow.Target);
        Assert.Equal("loading costs more than the cloud", slow.Reason);
    }

    [Fact]
    public void Context_value_lowers_the_accuracy_cost_through_the_models_curve()
    {
        var settings = new PlacementSettings { EdgeAccuracy = new AccuracyCurve(0.3, 0.1, 1) };
        var policy = new CostPlacementPolicy(settings);

        // Zero-shot the edge costs 0.42 + 0.7 = 1.12 + queue; with 3 effective examples A = 0.3 + 0.1·log2(4) = 0.5.
        var situation = Cached() with { QueueAhead = 1 };
        var without = policy.Decide(situation);
        var with = policy.Decide(situation with { ContextValue = 3 });

        Assert.Equal(Placement.Cloud, without.Target);
        Assert.Equal(Placement.Edge, with.Target);
        Assert.Equal(without.EdgeCost - 0.2, with.EdgeCost, 9);
    }

    [Fact]
    public void The_weights_come_from_the_settings()
    {
        var cheapCloud = new CostPlacementPolicy(new PlacementSettings { Weights = new CostWeights { Cloud = 0.1 } });
        var costlyCloud = new CostPlacementPolicy(new PlacementSettings { CloudPricePerRequest = 100 });
        var slow = Cached() with { QueueAhead = 20 };

        Assert.Equal(Placement.Cloud, cheapCloud.Decide(Cached()).Target);
        Assert.Equal(0.15, cheapCloud.Decide(Cached()).CloudCost, 9);
        Assert.Equal(Placement.Edge, costlyCloud.Decide(slow).Target);
    }

    [Fact]
    public void A_measured_slow_cloud_keeps_requests_at_the_edge()
    {
        var situation = Cached() with { QueueAhead = 3 };

        Assert.Equal(Placement.Cloud, Cost.Decide(situation).Target);
        Assert.Equal(Placement.Edge, Cost.Decide(situation with { CloudLatencySeconds = 5 }).Target);
    }

    [Fact]
    public void Without_a_cloud_everything_stays_at_the_edge_and_too_long_prompts_go_to_the_cloud_when_it_is_there()
    {
        var offline = Cost.Decide(Cached() with { CloudAvailable = false, QueueAhead = 50, PromptTokens = 1000 });
        var tooLong = Cost.Decide(Cached() with { PromptTokens = 500 });

        Assert.Equal(Placement.Edge, offline.Target);
        Assert.Equal("cloud unavailable", offline.Reason);
        Assert.True(double.IsPositiveInfinity(offline.CloudCost));
        Assert.Equal(Placement.Cloud, tooLong.Target);
        Assert.Equal("prompt exceeds the edge context", tooLong.Reason);
    }

    [Fact]
    public void Edge_first_ignores_costs_but_not_the_context_length()
    {
        var policy = PlacementPolicyFactory.Create(new PlacementSettings { Policy = "edgefirst" });

        Assert.Equal(PlacementPolicyNames.EdgeFirst, policy.Name);
        Assert.Equal(Placement.Edge, policy.Decide(Cached() with { QueueAhead = 50, Cached = false, LoadSeconds = 60 }).Target);
        Assert.Equal(Placement.Cloud, policy.Decide(Cached() with { PromptTokens = 500 }).Target);
        Assert.Throws<ArgumentException>(() => PlacementPolicyFactory.Create(new PlacementSettings { Policy = "nearest" }));
    }

    [Fact]
    public void Service_rates_start_from_priors_and_follow_measurements()
    {
        var rates = new ServiceRates(cloudLatencyPrior: 2);

        Assert.Equal(2, rates.CloudSeconds);
        Assert.Equal((ServiceRates.PriorPrefillSecondsPerToken, ServiceRates.PriorDecodeSecondsPerToken), rates.TokenSeconds("m"));
        Assert.Equal(0.5, rates.LoadSeconds("m", 500_000_000), 9);

        rates.RecordEdge("m", promptTokens: 100, outputTokens: 11, firstTokenSeconds: 0.2, totalSeconds: 1.2);
        rates.RecordLoad("m", 3);
        rates.RecordCloud(1);
        rates.RecordCloud(2);

        var (prefill, decode) = rates.TokenSeconds("m");
        Assert.Equal(0.002, prefill, 9);
        Assert.Equal(0.1, decode, 9);
        Assert.Equal(3, rates.LoadSeconds("m", 1));
        Assert.Equal(1.2, rates.CloudSeconds, 9);
    }
}
