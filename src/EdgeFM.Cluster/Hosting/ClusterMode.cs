namespace EdgeFM.Cluster.Hosting;

/// <summary>How silos find each other.</summary>
public enum ClusterMode
{
    /// <summary>Orleans' development clustering on one machine: the node on the primary port holds the membership table.</summary>
    Localhost,

    /// <summary>Orleans' Redis clustering: the membership table lives in Redis, so any node may fail.</summary>
    Redis,
}
