using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching.Policies;

/// <summary>
/// Random caching. A cached model is served at the edge. On a miss the policy draws a model uniformly from the
/// catalog: if it is the requested one, it is loaded and the request served at the edge; if it is another model that
/// is not cached and fits the server, it is loaded in place of random unpinned models while the request goes to the
/// cloud; otherwise the request goes to the cloud and nothing changes. The cache thus holds models drawn at random,
/// not the ones that are asked for.
/// </summary>
public sealed class RandomPolicy : ICachePolicy
{
    private readonly ModelCatalog _catalog;
    private readonly Random _random;

    /// <summary>Creates the policy over <paramref name="catalog"/>, drawing from <paramref name="random"/>.</summary>
    public RandomPolicy(ModelCatalog catalog, Random random)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _random = random ?? throw new ArgumentNullException(nameof(random));
        if (catalog.Count == 0)
        {
            throw new ArgumentException("The Random policy needs a catalog with at least one model.", nameof(catalog));
        }
    }

    /// <inheritdoc />
    public string Name => CachePolicyNames.Random;

    /// <inheritdoc />
    public CacheDecision Decide(in CacheRequest request, ICacheView cache, ICollection<ModelId> evictions)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (cache.IndexOf(request.ModelId) >= 0)
        {
            return CacheDecision.ServeAtEdge;
        }

        var drawn = _catalog[_random.Next(_catalog.Count)];
        if (drawn.MemoryBytes > cache.CapacityBytes || (drawn.Id != request.ModelId && cache.IndexOf(drawn.Id) >= 0))
        {
            return CacheDecision.Cloud;
        }

        var needed = EvictionPlanner.BytesToFree(cache, drawn);
        if (needed > 0)
        {
            Span<double> scores = stackalloc double[cache.Count];
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = _random.NextDouble();
            }

            if (!EvictionPlanner.TrySelectLowest(cache, needed, scores, evictions, out _))
            {
                return CacheDecision.Cloud;
            }
        }

        return drawn.Id == request.ModelId ? CacheDecision.LoadAndServe : CacheDecision.CloudAndPlace(drawn);
    }
}
