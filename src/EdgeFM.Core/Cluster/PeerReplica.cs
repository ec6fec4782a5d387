namespace EdgeFM.Core.Cluster;

/// <summary>A copy of a model at another edge of the cluster, as that edge last published it.</summary>
/// <param name="Node">The edge's node name.</param>
/// <param name="Endpoint">The edge's OpenAI-compatible API base URL (scheme, host and port; requests go to <c>/v1/...</c>).</param>
/// <param name="Replica">The model there: state, bytes, context value and queue depth.</param>
public sealed record PeerReplica(string Node, Uri Endpoint, ReplicaReport Replica);
