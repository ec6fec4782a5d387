namespace EdgeFM.Gateway.Cache;

/// <summary>A cache policy's advice: the action and, for <see cref="CacheAction.Load"/>, the models to evict first.</summary>
public sealed record CacheAdvice(CacheAction Action, IReadOnlyList<string> Evict)
{
    public static CacheAdvice Serve { get; } = new(CacheAction.Serve, []);

    public static CacheAdvice Cloud { get; } = new(CacheAction.Cloud, []);
}
