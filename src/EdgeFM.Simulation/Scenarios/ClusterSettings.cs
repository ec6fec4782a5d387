using EdgeFM.Core.Caching;
using EdgeFM.Core.Cluster;

namespace EdgeFM.Simulation.Scenarios;

/// <summary>
/// How a scenario's edge servers work together (its <c>cluster</c> section). The default, independent edges attached
/// to their nearest users, is the simulator's behaviour before clusters existed, and gives exactly its results.
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>
    /// Cooperating edges: a request whose model its edge does not hold may run at a peer edge that holds it, when the
    /// hop plus the peer's queue costs less than what the policy chose (loading locally or the cloud); and each edge's
    /// policy runs as its cooperative variant (<see cref="Core.Caching.Policies.CooperativeCachePolicy"/>).
    /// Off: each edge serves only from its own cache or the cloud.
    /// </summary>
    public bool Cooperation { get; init; }

    /// <summary>The network between edges (default 2 ms one way, 1,250 MB/s = 10 Gbit/s).</summary>
    public InterEdgeLink Link { get; init; } = new(0.002, 1.25e9);

    /// <summary>How users attach to edges.</summary>
    public UserAssignment Assignment { get; init; } = UserAssignment.Nearest;

    /// <summary>The cooperative policy's settings (used only with <see cref="Cooperation"/>).</summary>
    public CooperativePolicyOptions Policy { get; init; } = new();
}
