using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching.Policies;

/// <summary>
/// Always loads on a miss, evicting the least recently used models until the requested one fits. Sends a request to
/// the cloud only when the model cannot fit even after evicting every unpinned model.
/// </summary>
public sealed class LeastRecentlyUsedPolicy : ICachePolicy
{
    /// <inheritdoc />
    public string Name => CachePolicyNames.LRU;

    /// <inheritdoc />
    public CacheDecision Decide(in CacheRequest request, ICacheView cache, ICollection<ModelId> evictions) =>
        ScoredEviction.Decide(request, cache, evictions, default(LastUse), double.PositiveInfinity);

    private readonly struct LastUse : IEvictionScore
    {
        public double Score(ICacheView cache, int index, in CacheRequest request) => cache[index].LastUsedAt;
    }
}
