using EdgeFM.Core.Caching;
using EdgeFM.Core.Models;

namespace EdgeFM.Core.Tests.Caching;

public sealed class CachePolicyFactoryTests
{
    [Theory]
    [InlineData("lc", "LC")]
    [InlineData("LFU", "LFU")]
    [InlineData("lru", "LRU")]
    [InlineData("Fifo", "FIFO")]
    [InlineData("RANDOM", "Random")]
    [InlineData("cloud", "Cloud")]
    public void Creates_built_in_policies_case_insensitively(string name, string expected)
    {
        var policy = new CachePolicyFactory().Create(name, TestCatalog.Create(), 1);
        Assert.Equal(expected, policy.Name);
    }

    [Fact]
    public void Unknown_name_lists_the_known_policies()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CachePolicyFactory().Create("MRU", TestCatalog.Create(), 1));
        Assert.Contains("'MRU'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LC, LRU", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registered_policy_is_created_by_name()
    {
        var factory = new CachePolicyFactory().Register("Edge", (_, _) => new AlwaysEdge());
        Assert.Equal("Edge", factory.Create("edge", TestCatalog.Create(), 1).Name);
        Assert.Equal("Edge", factory.CanonicalName("EDGE"));
        Assert.Equal(7, factory.Names.Count);
    }

    private sealed class AlwaysEdge : ICachePolicy
    {
        public string Name => "Edge";

        public CacheDecision Decide(in CacheRequest request, ICacheView cache, ICollection<ModelId> evictions) => CacheDecision.LoadAndServe;
    }
}
