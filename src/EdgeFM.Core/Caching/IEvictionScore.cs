namespace EdgeFM.Core.Caching;

/// <summary>
/// Scores a cached model for eviction (lower is evicted first). Implement it as a struct so
/// <see cref="ScoredEviction.Decide{TScore}"/> is specialised and inlined without allocation.
/// </summary>
public interface IEvictionScore
{
    /// <summary>The eviction score of the cached model at <paramref name="index"/> for <paramref name="request"/>.</summary>
    double Score(ICacheView cache, int index, in CacheRequest request);
}
