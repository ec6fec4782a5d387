using EdgeFM.Core.Models;

namespace EdgeFM.Core.Cluster;

/// <summary>One model in an edge's cache, as the edge publishes it to the cluster.</summary>
/// <param name="Model">The model id.</param>
/// <param name="State">Loaded or loading.</param>
/// <param name="Bytes">Bytes it takes (or reserves) in the edge's budget.</param>
/// <param name="ContextValue">Age-of-Context value of its demonstrations on its latest topic.</param>
/// <param name="QueueDepth">Requests admitted to it at that edge (running and waiting).</param>
public sealed record ReplicaReport(ModelId Model, ReplicaState State, long Bytes, double ContextValue, int QueueDepth);
