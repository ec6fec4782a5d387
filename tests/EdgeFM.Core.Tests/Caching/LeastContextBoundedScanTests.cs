using EdgeFM.Core.Caching;
using EdgeFM.Core.Caching.Policies;
using EdgeFM.Core.Context;
using EdgeFM.Core.Models;

namespace EdgeFM.Core.Tests.Caching;

/// <summary>
/// LC scores the simulator's <see cref="SimulatedCache"/> with scans that stop once a model is worth too much to evict;
/// any other <see cref="ICacheView"/> gets full scans. Both must decide exactly alike.
/// </summary>
public sealed class LeastContextBoundedScanTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Bounded_scans_decide_like_full_scans(int seed)
    {
        var catalog = new ModelCatalog(Enumerable.Range(0, 8).Select(i => TestCatalog.Model($"M{i}", (2 + (i % 3)) * TestCatalog.GB) with { ContextCapacity = 6 }).ToList());
        var direct = new SimulatedCache(catalog, 10 * TestCatalog.GB, AgeOfContext.CreateDefault(60, 8));
        var viaInterface = new SimulatedCache(catalog, 10 * TestCatalog.GB, AgeOfContext.CreateDefault(60, 8));
        var wrapper = new ForwardingView(viaInterface);
        var policy = new LeastContextPolicy(0.3);
        var random = new Random(seed);
        List<ModelId> evictionsA = [], evictionsB = [];
        var loads = 0;
        for (var step = 0; step < 4000; step++)
        {
            var ordinal = Math.Min(7, (int)(-Math.Log(1 - random.NextDouble()) * 2.5));
            var time = step * 0.7;
            var topic = random.NextDouble();
            var request = new CacheRequest(catalog[ordinal], time, topic);
            evictionsA.Clear();
            evictionsB.Clear();
            var a = policy.Decide(request, direct, evictionsA);
            var b = policy.Decide(request, wrapper, evictionsB);
            Assert.Equal(b.Action, a.Action);
            Assert.Equal(evictionsB, evictionsA);
            loads += a.Action == CacheAction.LoadAndServe ? 1 : 0;
            foreach (var cache in new[] { direct, viaInterface })
            {
                foreach (var victim in evictionsA)
                {
                    cache.Evict(victim);
                }

                var index = a.Action switch
                {
                    CacheAction.LoadAndServe => cache.Load(ordinal, time),
                    CacheAction.ServeAtEdge => cache.IndexOfOrdinal(ordinal),
                    _ => -1,
                };
                if (index >= 0)
                {
                    cache.RecordUse(index, time, new Demonstration(time, topic));
                }

                cache.CountRequest(ordinal);
                cache.RecordDemand(ordinal, new Demonstration(time, topic));
            }
        }

        // The sequence must exercise evictions, not only hits.
        Assert.InRange(loads, 50, 3950);
    }

    private sealed class ForwardingView(SimulatedCache inner) : ICacheView, IDemandView
    {
        public long CapacityBytes => inner.CapacityBytes;

        public long BytesInUse => inner.BytesInUse;

        public int Count => inner.Count;

        public CachedModel this[int index] => inner[index];

        public double ContextValue(int index, double time, double topic) => inner.ContextValue(index, time, topic);

        public double DemandValue(ModelId id, double time, double topic) => inner.DemandValue(id, time, topic);

        public int IndexOf(ModelId id) => inner.IndexOf(id);

        public long RequestCount(ModelId id) => inner.RequestCount(id);
    }
}
