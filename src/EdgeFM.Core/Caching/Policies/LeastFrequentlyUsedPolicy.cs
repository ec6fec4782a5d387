using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching.Policies;

/// <summary>
/// Least Frequently Used. On a miss, loads into free memory when the model fits; otherwise picks the least requested
/// unpinned models as victims and loads only when the requested model's request count (this request included)
/// exceeds the victims' total count. Else the request goes to the cloud.
/// </summary>
public sealed class LeastFrequentlyUsedPolicy : ICachePolicy
{
    /// <inheritdoc />
    public string Name => CachePolicyNames.LFU;

    /// <inheritdoc />
    public CacheDecision Decide(in CacheRequest request, ICacheView cache, ICollection<ModelId> evictions)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return ScoredEviction.Decide(request, cache, evictions, default(Frequency), cache.RequestCount(request.ModelId) + 1);
    }

    private readonly struct Frequency : IEvictionScore
    {
        public double Score(ICacheView cache, int index, in CacheRequest request) => cache[index].RequestCount;
    }
}
