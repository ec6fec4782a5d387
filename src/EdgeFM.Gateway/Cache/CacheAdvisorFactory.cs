namespace EdgeFM.Gateway.Cache;

/// <summary>Creates the cache advisor for a policy name.</summary>
public static class CacheAdvisorFactory
{
    /// <summary>The policy names the gateway accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["LC", "LFU", "LRU", "FIFO", "Random", "Cloud"];

    /// <summary>Creates the advisor named <paramref name="name"/>.</summary>
    public static ICacheAdvisor Create(string name) => new InterimAdvisor(name);

    private sealed class InterimAdvisor(string name) : ICacheAdvisor
    {
        public string Name { get; } = name;

        public CacheAdvice Advise(string modelId, long bytes, IReadOnlyList<CachedModelInfo> cached, long capacityBytes, DateTimeOffset now) =>
            new(CacheAction.Load, []);
    }
}
