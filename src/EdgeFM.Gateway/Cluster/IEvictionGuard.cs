using EdgeFM.Core.Models;

namespace EdgeFM.Gateway.Cluster;

/// <summary>
/// Keeps models out of the cache policy's reach, as if they were busy: the policy then evicts another model or
/// declines the load. The cooperative guard protects the cluster's last copy of a model in demand.
/// </summary>
public interface IEvictionGuard
{
    /// <summary>The guard's name (see <see cref="EvictionGuardNames"/>).</summary>
    string Name { get; }

    /// <summary>True when <paramref name="model"/>, loaded here, must not be evicted now.</summary>
    bool Protects(ModelId model);
}
