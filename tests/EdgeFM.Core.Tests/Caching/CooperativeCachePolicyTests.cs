using EdgeFM.Core.Caching;
using EdgeFM.Core.Caching.Policies;
using EdgeFM.Core.Models;

namespace EdgeFM.Core.Tests.Caching;

/// <summary>The cooperative decorator over FIFO on the test catalog (capacity 10 GB; A, B 4 GB; C 8 GB), forecast period 10 s.</summary>
public sealed class CooperativeCachePolicyTests
{
    private static readonly CooperativePolicyOptions Options = new() { PeriodSeconds = 10, MinDemand = 1, PrefetchMinDemand = 2 };

    private static (ModelCatalog Catalog, SimulatedCache Cache, TestCluster Cluster) Setup(int edges)
    {
        var catalog = TestCatalog.Create();
        var cache = TestCatalog.Cache(catalog);
        cache.Load(catalog.OrdinalOf(new ModelId("A")), 0);
        cache.Load(catalog.OrdinalOf(new ModelId("B")), 0);
        return (catalog, cache, new TestCluster(catalog, cache, edges));
    }

    private static CacheDecision Decide(ICachePolicy policy, ModelCatalog catalog, SimulatedCache cache, string model, double time, List<ModelId> evictions)
    {
        evictions.Clear();
        return policy.Decide(new CacheRequest(catalog[catalog.OrdinalOf(new ModelId(model))], time, 0), cache, evictions);
    }

    private static string Ids(List<ModelId> ids) => string.Join(',', ids.Select(id => id.Value));

    [Fact]
    public void Never_evicts_the_clusters_last_copy_of_a_model_in_demand()
    {
        var (catalog, cache, cluster) = Setup(edges: 2);
        var policy = new CooperativeCachePolicy(new FirstInFirstOutPolicy(), catalog, cluster, Options);
        cluster.AddRequests(1, "A", 5);
        var evictions = new List<ModelId>();

        // Period 1 closes at t = 10 with 5 requests for A at edge 1: A is in demand and edge 0 holds its only copy.
        // C (8 GB) needs both A and B gone; plain FIFO would evict both, the cooperative variant may not touch A.
        Assert.Equal(CacheAction.LoadAndServe, Decide(new FirstInFirstOutPolicy(), catalog, cache, "C", 11, evictions).Action);
        Assert.Equal(CacheAction.Cloud, Decide(policy, catalog, cache, "C", 11, evictions).Action);
        Assert.Empty(evictions);
        Assert.True(policy.IsProtected(new ModelId("A")));
        Assert.False(policy.IsProtected(new ModelId("B")));

        // With edge 1 down, no live peer can need A from here: the copy is no longer protected, and back when it returns.
        cluster.LiveEdges = 1;
        Assert.False(policy.IsProtected(new ModelId("A")));
        cluster.LiveEdges = 2;
        Assert.True(policy.IsProtected(new ModelId("A")));

        // Another edge holding A makes edge 0's copy evictable again.
        cluster.Hold(1, "A");
        Assert.Equal(CacheAction.LoadAndServe, Decide(policy, catalog, cache, "C", 12, evictions).Action);
        Assert.Equal("A,B", Ids(evictions));
    }

    [Fact]
    public void A_last_copy_nobody_asks_for_and_a_single_edge_are_not_protected()
    {
        var (catalog, cache, cluster) = Setup(edges: 2);
        var idle = new CooperativeCachePolicy(new FirstInFirstOutPolicy(), catalog, cluster, Options);
        var evictions = new List<ModelId>();
        Assert.Equal(CacheAction.LoadAndServe, Decide(idle, catalog, cache, "C", 11, evictions).Action);

        var (catalog1, cache1, alone) = Setup(edges: 1);
        alone.AddRequests(0, "A", 5);
        var single = new CooperativeCachePolicy(new FirstInFirstOutPolicy(), catalog1, alone, Options);
        Assert.Equal(CacheAction.LoadAndServe, Decide(single, catalog1, cache1, "C", 11, evictions).Action);
        Assert.Equal("A,B", Ids(evictions));
        Assert.Equal("Coop-FIFO", single.Name);
    }

    [Fact]
    public void Prefetches_a_model_whose_demand_rises_here_and_holds_it_for_a_period()
    {
        var (catalog, cache, cluster) = Setup(edges: 2);
        var policy = new CooperativeCachePolicy(new FirstInFirstOutPolicy(), catalog, cluster, Options with { ProtectLastCopy = false });
        var evictions = new List<ModelId>();

        // C's requests at edge 0 per period: 1, 3, 5 (a ramp; the trend starts at 0 and is learnt through β 0.3: level 3.65,
        // trend 0.705, forecast 4.355 next); A and B get none. Hits close the periods.
        long[] ramp = [1, 3, 5];
        for (var period = 0; period < ramp.Length; period++)
        {
            cluster.AddRequests(0, "C", ramp[period]);
            Assert.Equal(CacheAction.ServeAtEdge, Decide(policy, catalog, cache, "A", 10 * (period + 1), evictions).Action);
        }

        evictions.Clear();
        Assert.True(policy.TryPrefetch(cache, 30, evictions, out var model));
        Assert.Equal("C", model.Id.Value);
        Assert.Equal(4.355, policy.Forecast(0, model.Id), 9);
        Assert.Equal("A,B", Ids(evictions));
        cache.Evict(new ModelId("A"));
        cache.Evict(new ModelId("B"));
        cache.Load(catalog.OrdinalOf(model.Id), 30);

        // Within its period the prefetched C is pinned for the inner policy: a request for A cannot evict it.
        Assert.Equal(CacheAction.Cloud, Decide(policy, catalog, cache, "A", 35, evictions).Action);
        // (Last-copy protection is off here, so only the hold protects C.) After the period, FIFO may evict it.
        Assert.Equal(CacheAction.LoadAndServe, Decide(policy, catalog, cache, "A", 41, evictions).Action);
    }

    [Fact]
    public void Does_not_prefetch_what_a_peer_holds_unless_told_to()
    {
        var (catalog, cache, cluster) = Setup(edges: 2);
        cluster.Hold(1, "C");
        var evictions = new List<ModelId>();
        var peersServe = new CooperativeCachePolicy(new FirstInFirstOutPolicy(), catalog, cluster, Options);
        var duplicate = new CooperativeCachePolicy(new FirstInFirstOutPolicy(), catalog, cluster, Options with { PrefetchHeldByPeers = true });
        var time = 10;
        foreach (var count in new long[] { 1, 3, 5 })
        {
            cluster.AddRequests(0, "C", count);
            Decide(peersServe, catalog, cache, "A", time, evictions);
            Decide(duplicate, catalog, cache, "A", time, evictions);
            time += 10;
        }

        Assert.False(peersServe.TryPrefetch(cache, 30, evictions, out _));
        Assert.True(duplicate.TryPrefetch(cache, 30, evictions, out var model));
        Assert.Equal("C", model.Id.Value);
    }
}
