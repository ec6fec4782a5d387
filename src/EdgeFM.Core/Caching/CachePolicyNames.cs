namespace EdgeFM.Core.Caching;

/// <summary>Names of the built-in cache policies (matched case-insensitively by <see cref="CachePolicyFactory"/>).</summary>
public static class CachePolicyNames
{
    /// <summary>Least Context: evicts the models whose context is worth least; loads only when that is worth less than a new request.</summary>
    public const string LC = "LC";

    /// <summary>Least Frequently Used: evicts the least requested models; loads only when the requested model is requested more.</summary>
    public const string LFU = "LFU";

    /// <summary>Least Recently Used: always loads on a miss, evicting the least recently used.</summary>
    public const string LRU = "LRU";

    /// <summary>First In First Out: always loads on a miss, evicting the earliest loaded.</summary>
    public const string FIFO = "FIFO";

    /// <summary>Random: caches models drawn at random from the catalog, evicting at random.</summary>
    public const string Random = "Random";

    /// <summary>Cloud: sends every request to the cloud.</summary>
    public const string Cloud = "Cloud";

    /// <summary>The built-in names, in the order of the paper's Table II followed by LRU.</summary>
    public static IReadOnlyList<string> All { get; } = [Random, Cloud, FIFO, LFU, LC, LRU];
}
