namespace EdgeFM.Gateway.Cache;

/// <summary>The result of <see cref="LiveModelCache.AcquireAsync"/>: a lease, or why there is none.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Lease">The lease when <see cref="CacheOutcome.Leased"/>; dispose it when the request ends.</param>
/// <param name="Failure">With <see cref="CacheOutcome.Failed"/>, why the model cannot be loaded.</param>
public readonly record struct CacheAcquisition(CacheOutcome Outcome, ModelLease? Lease, string? Failure = null);
