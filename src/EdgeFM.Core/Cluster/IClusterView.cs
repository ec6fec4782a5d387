using EdgeFM.Core.Models;

namespace EdgeFM.Core.Cluster;

/// <summary>
/// The cluster-wide state a cooperative policy or a planner reads, as seen from one edge: which edges hold which model,
/// how often each edge has been asked for each model, and how long each edge's queue is. The simulator implements it
/// over its arrays; a clustered gateway implements it over its shared directory and demand counts. Edges are indexed
/// 0 .. <see cref="EdgeCount"/> − 1 in a fixed order; reads may be slightly stale in a real cluster.
/// </summary>
public interface IClusterView
{
    /// <summary>Number of edges in the cluster (≥ 1), this one included.</summary>
    int EdgeCount { get; }

    /// <summary>
    /// Edges alive now (1 .. <see cref="EdgeCount"/>), this one included. A view with fixed slots for edges that come
    /// and go has fewer live edges than slots; a cluster of one live edge has no peer a last copy could serve.
    /// </summary>
    int LiveEdges { get; }

    /// <summary>The index of the edge the current decision is made for (its cache is the one a policy is handed).</summary>
    int LocalEdge { get; }

    /// <summary>True when <paramref name="edge"/> holds <paramref name="model"/> loaded and able to serve.</summary>
    bool Holds(int edge, ModelId model);

    /// <summary>Number of edges holding <paramref name="model"/> loaded (0 .. <see cref="EdgeCount"/>).</summary>
    int Copies(ModelId model);

    /// <summary>
    /// Requests for <paramref name="model"/> that users of <paramref name="edge"/> have sent since the start, wherever
    /// they were served (a non-decreasing count; differences over a period give that period's demand).
    /// </summary>
    long RequestCount(int edge, ModelId model);

    /// <summary>Seconds of work queued at <paramref name="edge"/> ahead of a request arriving now (≥ 0).</summary>
    double QueueSeconds(int edge);
}
