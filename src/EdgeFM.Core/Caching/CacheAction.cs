namespace EdgeFM.Core.Caching;

/// <summary>What happens to a request.</summary>
public enum CacheAction
{
    /// <summary>The model is cached: execute at the edge.</summary>
    ServeAtEdge,

    /// <summary>Evict the listed models, load the requested model, and execute at the edge.</summary>
    LoadAndServe,

    /// <summary>Execute in the cloud; the cache is unchanged.</summary>
    Cloud,

    /// <summary>Execute in the cloud, and evict the listed models to load <see cref="CacheDecision.Placement"/> instead.</summary>
    CloudAndPlace,
}
