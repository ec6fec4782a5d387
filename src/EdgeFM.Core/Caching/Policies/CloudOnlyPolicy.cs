using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching.Policies;

/// <summary>Sends every request to the cloud; never caches.</summary>
public sealed class CloudOnlyPolicy : ICachePolicy
{
    /// <inheritdoc />
    public string Name => CachePolicyNames.Cloud;

    /// <inheritdoc />
    public CacheDecision Decide(in CacheRequest request, ICacheView cache, ICollection<ModelId> evictions) => CacheDecision.Cloud;
}
