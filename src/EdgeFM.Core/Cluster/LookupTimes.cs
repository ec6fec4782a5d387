namespace EdgeFM.Core.Cluster;

/// <summary>How long an edge's directory lookups (<see cref="IEdgeCluster.Replicas"/>) took.</summary>
/// <param name="Count">Lookups since the node started.</param>
/// <param name="Sampled">Lookups the percentiles are taken over: the most recent ones, at most a fixed window.</param>
/// <param name="P50">Median wall-clock time of one lookup over the sampled ones (zero when none).</param>
/// <param name="P99">99th percentile (nearest rank) over the sampled ones (zero when none).</param>
public readonly record struct LookupTimes(long Count, int Sampled, TimeSpan P50, TimeSpan P99);
