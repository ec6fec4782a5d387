namespace EdgeFM.Gateway.Cache;

/// <summary>One loaded or loading top-level model as the planner's policy view sees it.</summary>
/// <param name="Id">Model id.</param>
/// <param name="Bytes">Bytes it holds under the budget, its children (adapters) included: what evicting it frees.</param>
/// <param name="LoadStartedAt">When its load was decided (the policy's load time).</param>
/// <param name="LastUse">When a request last leased it (its load time if none has).</param>
/// <param name="Evictable">False while it is loading, leased by a request (itself or through one of its adapters), pinned by an operator, or while one of its adapters loads.</param>
public readonly record struct ResidentModel(string Id, long Bytes, DateTimeOffset LoadStartedAt, DateTimeOffset LastUse, bool Evictable);
