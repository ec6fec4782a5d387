namespace EdgeFM.Gateway.Cache;

/// <summary>How <see cref="LiveModelCache.AcquireAsync"/> ended.</summary>
public enum CacheOutcome
{
    /// <summary>A lease was granted.</summary>
    Leased,

    /// <summary>The entry is loaded; no lease was asked for (<see cref="LiveModelCache.LoadAsync"/>).</summary>
    Loaded,

    /// <summary>
    /// The plan no longer matches the cache (a victim is gone, pinned or busy, or the victims no longer free enough
    /// room): plan again from the current state.
    /// </summary>
    Conflict,

    /// <summary>The model alone is larger than the whole budget.</summary>
    TooLarge,

    /// <summary>The model's file cannot be loaded (see <see cref="CacheAcquisition.Failure"/>).</summary>
    Failed,

    /// <summary>A child entry (an adapter) was asked for while its parent model is not loaded.</summary>
    ParentNotLoaded,
}
