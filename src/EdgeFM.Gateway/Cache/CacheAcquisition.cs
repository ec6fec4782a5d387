namespace EdgeFM.Gateway.Cache;

/// <summary>The result of asking the cache for a model: a lease, or why there is none.</summary>
public readonly record struct CacheAcquisition(CacheOutcome Outcome, ModelLease? Lease);
