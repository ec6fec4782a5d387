using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>A policy's decision for one request. The models to evict are written to the list the caller passed.</summary>
/// <param name="Action">What happens to the request.</param>
/// <param name="Placement">With <see cref="CacheAction.CloudAndPlace"/>, the model to load; otherwise null.</param>
public readonly record struct CacheDecision(CacheAction Action, ModelSpec? Placement = null)
{
    /// <summary>Execute at the edge on the cached model.</summary>
    public static CacheDecision ServeAtEdge => new(CacheAction.ServeAtEdge);

    /// <summary>Load the requested model (after the listed evictions) and execute at the edge.</summary>
    public static CacheDecision LoadAndServe => new(CacheAction.LoadAndServe);

    /// <summary>Execute in the cloud.</summary>
    public static CacheDecision Cloud => new(CacheAction.Cloud);

    /// <summary>Execute in the cloud and load <paramref name="model"/> (after the listed evictions).</summary>
    public static CacheDecision CloudAndPlace(ModelSpec model) => new(CacheAction.CloudAndPlace, model);
}
