using EdgeFM.Core.Models;

namespace EdgeFM.Core.Cluster;

/// <summary>
/// What one edge sees of the cluster of edges it belongs to, and how it tells the cluster about itself. Reads are
/// synchronous and cheap (a local copy of the shared directory and demand, refreshed in the background), so a planner
/// may call them for every request; writes are queued and published in the background.
/// </summary>
public interface IEdgeCluster
{
    /// <summary>This edge's node name, unique in the cluster.</summary>
    string Node { get; }

    /// <summary>
    /// The other edges that hold <paramref name="model"/> loaded now, as last published, leaving out edges the cluster's
    /// membership has declared dead or that this edge found unreachable (see <see cref="MarkUnreachable"/>).
    /// </summary>
    IReadOnlyList<PeerReplica> Replicas(ModelId model);

    /// <summary>Edges alive in the cluster (this one included) whose last published residency holds <paramref name="model"/> loaded.</summary>
    int Copies(ModelId model);

    /// <summary>Cluster-wide demand for <paramref name="model"/>: its requests at every edge, exponentially decayed (by the cluster's configured half-life).</summary>
    double Demand(ModelId model);

    /// <summary>
    /// Requests for <paramref name="model"/> counted at <paramref name="node"/>: for this edge, every request since it
    /// started (exact); for another edge, the requests since this edge first learned that edge's count (as last fetched,
    /// so up to a refresh period stale). Never decreases, also across that edge's restarts and the loss of shared state,
    /// so per-period differences are demand (the counts <see cref="IClusterView.RequestCount"/> asks for). 0 for an
    /// edge or model not known (yet).
    /// </summary>
    long RequestCount(string node, ModelId model);

    /// <summary>Counts one request for <paramref name="model"/> at this edge, from <paramref name="user"/> (null when anonymous).</summary>
    void RecordRequest(ModelId model, string? user);

    /// <summary>
    /// The directory as this edge last fetched it: every edge with a live entry, this one included. An implementation may
    /// return the same list instance while neither the directory nor liveness changed (readers may skip work then).
    /// </summary>
    IReadOnlyList<ClusterMember> Members();

    /// <summary>Replaces what this edge publishes about itself; published at once in the background and again periodically.</summary>
    void Report(NodeResidency residency);

    /// <summary>
    /// Wall-clock times of recent <see cref="Replicas"/> calls: the directory lookup a planner makes for a request that
    /// might go to a peer (a read of the local copy, no network).
    /// </summary>
    LookupTimes LookupTimes();

    /// <summary>Leaves <paramref name="node"/> out of <see cref="Replicas"/> for <paramref name="duration"/>, after a request to it could not connect.</summary>
    void MarkUnreachable(string node, TimeSpan duration);
}
