using EdgeFM.Core.Caching;
using EdgeFM.Core.Caching.Policies;

namespace EdgeFM.Core.Tests.Caching;

public sealed class PolicyDecisionTests
{
    private static PolicyHarness Harness(ICachePolicy policy, double window = 100, long capacity = 10)
    {
        var catalog = TestCatalog.Create();
        return new PolicyHarness(policy, catalog, TestCatalog.Cache(catalog, window, capacity * TestCatalog.GB));
    }

    [Fact]
    public void Fifo_evicts_the_earliest_loaded_even_when_it_was_used_last()
    {
        var h = Harness(new FirstInFirstOutPolicy(), capacity: 12);
        Assert.Equal(CacheAction.LoadAndServe, h.Request("A", 1));
        Assert.Equal(CacheAction.LoadAndServe, h.Request("B", 2));
        Assert.Equal(CacheAction.ServeAtEdge, h.Request("A", 3));
        Assert.Equal(CacheAction.LoadAndServe, h.Request("C", 4));
        Assert.Equal(["A"], h.Evicted);
        Assert.Equal(["B", "C"], h.Cached());
        Assert.Equal(CacheAction.LoadAndServe, h.Request("A", 5));
        Assert.Equal(["A", "B"], h.Evicted);
        Assert.Equal(["A", "C"], h.Cached());
    }

    [Fact]
    public void Fifo_evicts_several_models_oldest_first_when_one_is_not_enough()
    {
        var h = Harness(new FirstInFirstOutPolicy());
        h.Request("B", 1);
        h.Request("A", 2);
        Assert.Equal(CacheAction.LoadAndServe, h.Request("C", 3));
        Assert.Equal(["B", "A"], h.Evicted);
        Assert.Equal(["C"], h.Cached());
    }

    [Fact]
    public void Fifo_and_every_policy_send_a_model_larger_than_the_server_to_the_cloud()
    {
        foreach (var policy in new ICachePolicy[] { new FirstInFirstOutPolicy(), new LeastRecentlyUsedPolicy(), new LeastFrequentlyUsedPolicy(), new LeastContextPolicy() })
        {
            var h = Harness(policy);
            h.Request("A", 1);
            Assert.Equal(CacheAction.Cloud, h.Request("D", 2));
            Assert.Equal(["A"], h.Cached());
        }
    }

    [Fact]
    public void Lru_evicts_the_least_recently_used()
    {
        var h = Harness(new LeastRecentlyUsedPolicy(), capacity: 12);
        h.Request("A", 1);
        h.Request("B", 2);
        h.Request("A", 3);
        Assert.Equal(CacheAction.LoadAndServe, h.Request("C", 4));
        Assert.Equal(["B"], h.Evicted);
        h.Request("A", 5);
        h.Request("C", 6);
        Assert.Equal(CacheAction.LoadAndServe, h.Request("B", 7));
        Assert.Equal(["B", "A"], h.Evicted);
        Assert.Equal(["B", "C"], h.Cached());
    }

    [Fact]
    public void Lfu_loads_only_when_the_requested_model_is_requested_more_than_its_victims()
    {
        var h = Harness(new LeastFrequentlyUsedPolicy());
        h.Request("A", 1);
        h.Request("A", 2);
        h.Request("A", 3);
        h.Request("B", 4);

        // C needs 8 GB: both A (3 requests) and B (1) must go; C's 1 request is not worth 4.
        Assert.Equal(CacheAction.Cloud, h.Request("C", 5));
        Assert.Empty(h.Evicted);
        for (var t = 6; t < 9; t++)
        {
            Assert.Equal(CacheAction.Cloud, h.Request("C", t));
        }

        // Fifth request for C: 5 > 3 + 1.
        Assert.Equal(CacheAction.LoadAndServe, h.Request("C", 9));
        Assert.Equal(["B", "A"], h.Evicted);
        Assert.Equal(["C"], h.Cached());
    }

    [Fact]
    public void Lfu_evicts_the_least_requested_model_when_one_is_enough()
    {
        var h = Harness(new LeastFrequentlyUsedPolicy(), capacity: 12);
        h.Request("A", 1);
        h.Request("A", 2);
        h.Request("B", 3);
        h.Request("B", 4);
        h.Request("B", 5);
        Assert.Equal(CacheAction.Cloud, h.Request("C", 6)); // 1 > 2 fails
        Assert.Equal(CacheAction.Cloud, h.Request("C", 7)); // 2 > 2 fails
        Assert.Equal(CacheAction.LoadAndServe, h.Request("C", 8));
        Assert.Equal(["A"], h.Evicted);
        Assert.Equal(["B", "C"], h.Cached());
    }

    [Fact]
    public void Lc_keeps_a_model_with_fresh_context_and_replaces_one_whose_context_has_aged_out()
    {
        var h = Harness(new LeastContextPolicy(), window: 10);
        h.Request("A", 0);
        h.Request("B", 1);

        // At t = 5, A's example is worth 0.5 and B's 0.6: together 1.1 ≥ 1, so C (8 GB) goes to the cloud.
        Assert.Equal(CacheAction.Cloud, h.Request("C", 5));

        // At t = 8, 0.2 + 0.3 = 0.5 < 1: both are evicted for C.
        Assert.Equal(CacheAction.LoadAndServe, h.Request("C", 8));
        Assert.Equal(["A", "B"], h.Evicted);
    }

    [Fact]
    public void Lc_evicts_the_model_with_least_context_not_the_least_recent()
    {
        var h = Harness(new LeastContextPolicy(), window: 10, capacity: 12);
        h.Request("A", 0);
        h.Request("A", 0.5);
        h.Request("A", 1);
        h.Request("B", 3);
        h.Request("C", 8); // needs 8 GB with 4 free: evict one 4 GB model. A: 0.2+0.25+0.3 = 0.75, B: 0.5.
        Assert.Equal(["B"], h.Evicted);
        Assert.Equal(["A", "C"], h.Cached());
    }

    [Fact]
    public void Lc_credits_a_model_with_its_recent_demand()
    {
        var h = Harness(new LeastContextPolicy(), window: 10);
        h.Request("A", 0);
        h.Request("B", 1);

        // A 0.5 + B 0.6 = 1.1 is not below a newcomer's 1 + no demand.
        Assert.Equal(CacheAction.Cloud, h.Request("C", 5));

        // Half a second later A and B are worth 1.0, C is worth 1 + 0.95 (its request at t = 5): C replaces both.
        Assert.Equal(CacheAction.LoadAndServe, h.Request("C", 5.5));
        Assert.Equal(["A", "B"], h.Evicted);
        Assert.Equal(0.95 + 1, h.Cache.DemandValue(new("C"), 5.5, 0), 12); // both requests for C are now in its demand
    }

    [Fact]
    public void Pinned_models_are_never_evicted()
    {
        var catalog = TestCatalog.Create();
        var cache = TestCatalog.Cache(catalog);
        cache.Load(catalog.OrdinalOf(new("A")), 0, pinned: true);
        var h = new PolicyHarness(new FirstInFirstOutPolicy(), catalog, cache);
        Assert.Equal(CacheAction.LoadAndServe, h.Request("B", 1));
        Assert.Equal(CacheAction.Cloud, h.Request("C", 2)); // only B (4 GB) could go: not enough for 8 GB.
        Assert.Empty(h.Evicted);
        Assert.Throws<InvalidOperationException>(() => cache.Evict(new("A")));
    }

    [Fact]
    public void Cloud_policy_sends_everything_to_the_cloud()
    {
        var h = Harness(new CloudOnlyPolicy());
        foreach (var id in new[] { "A", "A", "B", "C", "D" })
        {
            Assert.Equal(CacheAction.Cloud, h.Request(id, 1));
        }

        Assert.Empty(h.Cached());
    }

    [Fact]
    public void Random_serves_hits_and_caches_models_drawn_at_random()
    {
        var catalog = TestCatalog.Create();
        var h = new PolicyHarness(new RandomPolicy(catalog, new Random(7)), catalog, TestCatalog.Cache(catalog));
        var actions = new List<CacheAction>();
        for (var t = 0; t < 200; t++)
        {
            actions.Add(h.Request("A", t));
            Assert.True(h.Cache.BytesInUse <= h.Cache.CapacityBytes);
            if (actions[^1] == CacheAction.ServeAtEdge)
            {
                Assert.Contains("A", h.Cached(), StringComparer.Ordinal);
            }
        }

        Assert.Contains(CacheAction.CloudAndPlace, actions);
        Assert.Contains(CacheAction.ServeAtEdge, actions);
        Assert.DoesNotContain("D", h.Cached(), StringComparer.Ordinal);
    }

    [Fact]
    public void Random_is_deterministic_per_seed()
    {
        static List<CacheAction> Run(int seed)
        {
            var catalog = TestCatalog.Create();
            var h = new PolicyHarness(new RandomPolicy(catalog, new Random(seed)), catalog, TestCatalog.Cache(catalog));
            var ids = new[] { "A", "B", "C", "D" };
            return [.. Enumerable.Range(0, 100).Select(t => h.Request(ids[t % 4], t))];
        }

        Assert.Equal(Run(3), Run(3));
    }
}
