using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching;

/// <summary>What a policy may see of one model cached at an edge server.</summary>
/// <param name="Id">The model.</param>
/// <param name="Bytes">Accelerator memory it occupies, in bytes.</param>
/// <param name="LoadedAt">When it was loaded, in seconds since the start.</param>
/// <param name="LastUsedAt">When it last served a request (its load time if it has served none), in seconds.</param>
/// <param name="RequestCount">Requests for this model the server has seen before the current one (not reset by eviction).</param>
/// <param name="IsPinned">Pinned models must never be chosen for eviction.</param>
public readonly record struct CachedModel(ModelId Id, long Bytes, double LoadedAt, double LastUsedAt, long RequestCount, bool IsPinned);
