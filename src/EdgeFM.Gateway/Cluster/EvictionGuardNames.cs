namespace EdgeFM.Gateway.Cluster;

/// <summary>Names of the eviction guards.</summary>
public static class EvictionGuardNames
{
    /// <summary><see cref="LastCopyEvictionGuard"/>.</summary>
    public const string LastCopy = "LastCopy";
}
