namespace EdgeFM.Gateway.Cache;

/// <summary>
/// Decides, from a snapshot of the cache, whether a request's model is served, loaded (evicting which models) or
/// sent to the cloud. Implementations wrap the simulator's cache policies so both run the same code.
/// </summary>
public interface ICacheAdvisor
{
    /// <summary>The policy name (see <see cref="CacheAdvisorFactory.Names"/>).</summary>
    string Name { get; }

    /// <summary>
    /// Advises on a request for <paramref name="modelId"/> needing <paramref name="bytes"/>. Victims must be loaded,
    /// not pinned now, and free enough room; the cache re-checks and refuses advice that breaks the budget.
    /// </summary>
    CacheAdvice Advise(string modelId, long bytes, IReadOnlyList<CachedModelInfo> cached, long capacityBytes, DateTimeOffset now);
}
