using EdgeFM.Core.Models;

namespace EdgeFM.Gateway.Planning;

/// <summary>The LoRA adapter an edge destination applies over its base model, and how it gets into the cache.</summary>
/// <param name="Id">The adapter's cache entry id, <c>&lt;base&gt;:&lt;name&gt;</c>.</param>
/// <param name="Load">True when the adapter is not loaded and the stage loads it (after its base, then after <paramref name="Evictions"/>).</param>
/// <param name="Evictions">Idle adapters (or, when those do not free enough, idle models other than the base) evicted to make room for the adapter.</param>
public sealed record AdapterStep(string Id, bool Load, IReadOnlyList<ModelId> Evictions)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"+{Id}" + (Load ? $" (load{(Evictions.Count > 0 ? ", evict " + string.Join(',', Evictions.Select(e => e.Value)) : string.Empty)})" : string.Empty);
}
