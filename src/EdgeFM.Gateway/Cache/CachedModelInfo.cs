namespace EdgeFM.Gateway.Cache;

/// <summary>A point-in-time view of one cache entry (a model, or an adapter on its base model).</summary>
/// <param name="Id">Entry id.</param>
/// <param name="State">Load state.</param>
/// <param name="Bytes">Bytes reserved while loading or loaded (its own, not its children's); the estimate otherwise.</param>
/// <param name="LoadedAt">When the current load finished (null unless loaded).</param>
/// <param name="LastUse">When a request last leased it (null if never).</param>
/// <param name="Requests">Requests served from it since the gateway started.</param>
/// <param name="InFlight">Requests holding it now (each pins it).</param>
/// <param name="Pinned">True when an operator pinned it.</param>
/// <param name="Parent">The base model of a child entry (an adapter), or null for a model.</param>
/// <param name="Failure">With <see cref="ModelState.Failed"/>, why its file cannot be loaded.</param>
public sealed record CachedModelInfo(
    string Id,
    ModelState State,
    long Bytes,
    DateTimeOffset? LoadedAt,
    DateTimeOffset? LastUse,
    long Requests,
    int InFlight,
    bool Pinned,
    string? Parent = null,
    string? Failure = null);
