using EdgeFM.Core.Models;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;

namespace EdgeFM.Gateway.Planning;

/// <summary>
/// LoRA adapters in plans. A request for <c>base:adapter</c> is planned as a request for its base model, whose size
/// for the cache policy is the base's plus the adapter's bytes (so a load makes room for both); the edge destination
/// then carries an <see cref="AdapterStep"/>. When the base is loaded but the adapter does not fit beside it, the
/// adapter's room comes from idle adapters, least recently used first (of any base; they are small and reload fast),
/// then from idle models other than the base, least recently used first. The base is never evicted for its own
/// adapter, and an adapter never outlives its base (the cache evicts children with their parent).
/// </summary>
public sealed partial class RequestPlanner
{
    private AdapterEntry? AdapterOf(string model) => _catalog.TryGetAdapter(model, out var adapter) ? adapter : null;

    private string? AdapterFailure(AdapterEntry? adapter) => adapter is null ? null : _cache.FailureOf(adapter.Id);

    private long AdapterBytes(AdapterEntry? adapter) => adapter is null ? 0 : _cache.BytesOf(adapter.Id);

    /// <summary><paramref name="edge"/> with the adapter's step, or null when no room can be made for the adapter now.</summary>
    private Destination? WithAdapter(Destination edge, AdapterEntry adapter, ResidencySnapshot residency)
    {
        if (_cache.Describe(adapter.Id).State is ModelState.Loaded or ModelState.Loading)
        {
            return edge with { Adapter = new AdapterStep(adapter.Id, Load: false, []) };
        }

        var need = _cache.BytesOf(adapter.Id);
        var evictedBases = edge.Evictions.Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        var free = residency.BudgetBytes - residency.UsedBytes;
        if (edge.Load)
        {
            free += residency.Resident.Where(r => evictedBases.Contains(r.Id)).Sum(r => r.Bytes) - _cache.BytesOf(edge.Model);
        }

        var victims = new List<CachedModelInfo>();
        var freed = 0L;
        var idleAdapters = _cache.Snapshot()
            .Where(c => c.Parent is { } parent && !evictedBases.Contains(parent) && c is { State: ModelState.Loaded, InFlight: 0, Pinned: false })
            .OrderBy(c => c.LastUse ?? DateTimeOffset.MinValue)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        foreach (var candidate in idleAdapters.TakeWhile(_ => free + freed < need))
        {
            victims.Add(candidate);
            freed += candidate.Bytes;
        }

        var models = new List<string>();
        foreach (var model in residency.Resident.Where(r => r.Evictable && !string.Equals(r.Id, edge.Model, StringComparison.Ordinal) && !evictedBases.Contains(r.Id)).OrderBy(r => r.LastUse))
        {
            if (free + freed >= need)
            {
                break;
            }

            // Evicting a model frees its adapters too: they leave the list, their bytes are counted in the model's.
            freed -= victims.Where(v => string.Equals(v.Parent, model.Id, StringComparison.Ordinal)).Sum(v => v.Bytes);
            victims.RemoveAll(v => string.Equals(v.Parent, model.Id, StringComparison.Ordinal));
            models.Add(model.Id);
            freed += model.Bytes;
        }

        return free + freed >= need
            ? edge with { Adapter = new AdapterStep(adapter.Id, Load: true, [.. victims.Select(v => new ModelId(v.Id)), .. models.Select(m => new ModelId(m))]) }
            : null;
    }
}
