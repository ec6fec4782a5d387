namespace EdgeFM.Core.Caching;

/// <summary>
/// Decides, for each request reaching an edge server, whether to execute it at the edge on a cached model, load the
/// model first (evicting others), or send it to the cloud. Implementations must be deterministic given their
/// injected <see cref="Random"/>, must never evict a pinned model, and must evict enough to fit what they load.
/// </summary>
public interface ICachePolicy
{
    /// <summary>The policy's name, as in <see cref="CachePolicyNames"/>.</summary>
    string Name { get; }

    /// <summary>
    /// Decides for <paramref name="request"/> given the server's <paramref name="cache"/>. For
    /// <see cref="CacheAction.LoadAndServe"/> and <see cref="CacheAction.CloudAndPlace"/>, adds the ids of the
    /// models to evict to <paramref name="evictions"/> (which the caller passes empty).
    /// </summary>
    CacheDecision Decide(in CacheRequest request, ICacheView cache, ICollection<Models.ModelId> evictions);
}
