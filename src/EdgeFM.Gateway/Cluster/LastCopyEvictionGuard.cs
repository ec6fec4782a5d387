using EdgeFM.Core.Cluster;
using EdgeFM.Core.Models;

namespace EdgeFM.Gateway.Cluster;

/// <summary>
/// Protects a model when this edge holds the cluster's only live copy (per the directory) and its cluster-wide decayed
/// demand is at least <paramref name="minimumDemand"/>: evicting it would send every edge's requests for it to a load
/// or to the cloud. Models nobody asks for lately stay evictable, so the guard cannot pin the cache for ever.
/// </summary>
public sealed class LastCopyEvictionGuard(IEdgeCluster cluster, double minimumDemand) : IEvictionGuard
{
    /// <inheritdoc />
    public string Name => EvictionGuardNames.LastCopy;

    /// <inheritdoc />
    public bool Protects(ModelId model) => cluster.Copies(model) <= 1 && cluster.Demand(model) >= minimumDemand;
}
