using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching.Policies;

/// <summary>
/// Least Context (LC). On a miss, loads into free memory when the model fits; otherwise picks as victims the unpinned
/// models whose context is worth least for the current request (Age-of-Context value, in effective examples) and
/// loads only when the victims' total context value is below the requested model's worth: <see cref="NewModelWorth"/>
/// (the one fresh, relevant example this request would give it) plus, when the cache is an <see cref="IDemandView"/>,
/// the value of its recent requests at this server (the context it would hold had it been cached). Else the request
/// goes to the cloud, so a model that has built up useful context is not thrown away for a one-off request.
/// </summary>
public sealed class LeastContextPolicy : ICachePolicy
{
    /// <summary>Creates the policy; <paramref name="newModelWorth"/> is in effective examples (&gt; 0).</summary>
    public LeastContextPolicy(double newModelWorth = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(newModelWorth);
        NewModelWorth = newModelWorth;
    }

    /// <summary>The context value, in effective examples, a newly loaded model is credited with.</summary>
    public double NewModelWorth { get; }

    /// <inheritdoc />
    public string Name => CachePolicyNames.LC;

    /// <inheritdoc />
    public CacheDecision Decide(in CacheRequest request, ICacheView cache, ICollection<ModelId> evictions)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var worth = NewModelWorth;

        // The demand value only matters when victims must be weighed: skip its scan on hits and on loads that fit.
        if (cache is IDemandView demand
            && cache.IndexOf(request.ModelId) < 0
            && EvictionPlanner.BytesToFree(cache, request.Model) > 0
            && request.Model.MemoryBytes <= cache.CapacityBytes)
        {
            worth += demand.DemandValue(request.ModelId, request.Time, request.Topic);
        }

        return ScoredEviction.Decide(request, cache, evictions, new ContextWorth(worth), worth);
    }

    /// <summary>
    /// Scores by context value, letting the view stop scanning a model's examples once they are worth <c>worth</c>:
    /// such a model can never be part of a victim set cheaper than <c>worth</c>, so every score that matters is exact
    /// and the decision is the same as with full scans (victims are picked lowest first; a capped score is never
    /// below an exact one). Every cache view, simulated or live, goes through this one path.
    /// </summary>
    private readonly struct ContextWorth(double worth) : IEvictionScore
    {
        public double Score(ICacheView cache, int index, in CacheRequest request) => cache.ContextValue(index, request.Time, request.Topic, worth);
    }
}
