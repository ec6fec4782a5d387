namespace EdgeFM.Gateway.Cache;

/// <summary>Why <see cref="ModelCache.AcquireAsync"/> returned no lease.</summary>
public enum CacheOutcome
{
    /// <summary>A lease was granted.</summary>
    Leased,

    /// <summary>The policy advised the cloud and the caller allowed offloading.</summary>
    Offload,

    /// <summary>Not enough unpinned memory can be freed now (every other model is pinned or loading).</summary>
    NoRoom,

    /// <summary>The model alone is larger than the whole budget.</summary>
    TooLarge,
}
