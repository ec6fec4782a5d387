using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>
/// The decision shared by score-based policies: a cached model is served at the edge; a model that fits in free
/// memory is loaded; otherwise the lowest-scoring unpinned models are chosen as victims and the model is loaded
/// only when their total score is below <c>requestedWorth</c>; else the request goes to the cloud.
/// </summary>
public static class ScoredEviction
{
    /// <summary>Decides for <paramref name="request"/>; see the type's summary. Adds the victims to <paramref name="evictions"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cache">The server's cache.</param>
    /// <param name="evictions">Receives the models to evict (left empty unless the model is loaded).</param>
    /// <param name="score">The eviction score.</param>
    /// <param name="requestedWorth">
    /// The requested model's worth in the score's units; victims are evicted only when their total is strictly lower.
    /// <see cref="double.PositiveInfinity"/> always loads when enough unpinned memory can be freed.
    /// </param>
    public static CacheDecision Decide<TScore>(in CacheRequest request, ICacheView cache, ICollection<ModelId> evictions, TScore score, double requestedWorth)
        where TScore : IEvictionScore
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(evictions);
        if (cache.IndexOf(request.ModelId) >= 0)
        {
            return CacheDecision.ServeAtEdge;
        }

        var needed = EvictionPlanner.BytesToFree(cache, request.Model);
        if (needed <= 0)
        {
            return CacheDecision.LoadAndServe;
        }

        if (request.Model.MemoryBytes > cache.CapacityBytes)
        {
            return CacheDecision.Cloud;
        }

        Span<double> scores = cache.Count <= 256 ? stackalloc double[cache.Count] : new double[cache.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = score.Score(cache, i, request);
        }

        if (EvictionPlanner.TrySelectLowest(cache, needed, scores, evictions, out var victimScore) && victimScore < requestedWorth)
        {
            return CacheDecision.LoadAndServe;
        }

        evictions.Clear();
        return CacheDecision.Cloud;
    }
}
