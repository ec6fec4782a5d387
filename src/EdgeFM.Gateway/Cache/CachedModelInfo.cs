namespace EdgeFM.Gateway.Cache;

/// <summary>A point-in-time view of one model in the cache.</summary>
/// <param name="Id">Model id.</param>
/// <param name="State">Load state.</param>
/// <param name="Bytes">Bytes reserved while loading or loaded; the estimate when unloaded.</param>
/// <param name="LoadedAt">When the current load finished (null unless loaded).</param>
/// <param name="LastUse">When a request last acquired it (null if never).</param>
/// <param name="Requests">Requests served from it since the gateway started.</param>
/// <param name="InFlight">Requests holding it now (each pins it).</param>
/// <param name="Pinned">True when an operator pinned it.</param>
/// <param name="ContextValue">Age-of-Context-weighted value of its demonstrations (0 when none).</param>
public sealed record CachedModelInfo(
    string Id,
    ModelState State,
    long Bytes,
    DateTimeOffset? LoadedAt,
    DateTimeOffset? LastUse,
    long Requests,
    int InFlight,
    bool Pinned,
    double ContextValue)
{
    /// <summary>True when the model cannot be evicted now (operator pin or a request in flight).</summary>
    public bool IsPinnedNow => Pinned || InFlight > 0;
}
