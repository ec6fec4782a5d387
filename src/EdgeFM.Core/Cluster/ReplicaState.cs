namespace EdgeFM.Core.Cluster;

/// <summary>State of a model copy at an edge.</summary>
public enum ReplicaState
{
    /// <summary>Loaded and serving.</summary>
    Loaded,

    /// <summary>Being loaded; it serves once the load completes.</summary>
    Loading,
}
