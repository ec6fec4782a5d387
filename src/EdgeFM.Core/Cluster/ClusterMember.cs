namespace EdgeFM.Core.Cluster;

/// <summary>One edge of the cluster as the directory lists it.</summary>
/// <param name="Node">Its node name.</param>
/// <param name="Endpoint">Its HTTP API base URL.</param>
/// <param name="Alive">True while cluster membership sees its silo as active.</param>
/// <param name="Residency">What it last published.</param>
public sealed record ClusterMember(string Node, Uri Endpoint, bool Alive, NodeResidency Residency);
