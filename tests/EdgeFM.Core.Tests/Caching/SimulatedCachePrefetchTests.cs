using EdgeFM.Core.Context;

namespace EdgeFM.Core.Tests.Caching;

public sealed class SimulatedCachePrefetchTests
{
    [Fact]
    public void Prefetch_and_lookup_hints_change_nothing_a_policy_can_see()
    {
        var catalog = TestCatalog.Create();
        var cache = TestCatalog.Cache(catalog, windowSeconds: 100);
        cache.Load(0, 0);
        cache.RecordUse(0, 1, new Demonstration(1, 0.2));
        var before = (cache.Count, cache.BytesInUse, cache.ContextValue(0, 2, 0.2), cache.ContextOf(0).Count);

        for (var ordinal = -1; ordinal <= catalog.Count; ordinal++)
        {
            cache.Prefetch(ordinal);
        }

        cache.ExpectRequestFor(1);
        Assert.Equal(before, (cache.Count, cache.BytesInUse, cache.ContextValue(0, 2, 0.2), cache.ContextOf(0).Count));
        Assert.Equal(0, cache.IndexOf(catalog[0].Id));
        Assert.Equal(-1, cache.IndexOf(catalog[1].Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => cache.ExpectRequestFor(catalog.Count));
    }
}
