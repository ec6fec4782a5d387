using EdgeFM.Core.Caching;
using EdgeFM.Core.Context;
using EdgeFM.Core.Models;

namespace EdgeFM.Core.Tests.Caching;

/// <summary>Feeds a policy a hand-made request sequence against one cache, applying its decisions like the simulator does.</summary>
internal sealed class PolicyHarness(ICachePolicy policy, ModelCatalog catalog, SimulatedCache cache)
{
    private readonly List<ModelId> _evictions = [];

    public List<string> Evicted { get; } = [];

    public SimulatedCache Cache => cache;

    /// <summary>Sends a request for <paramref name="id"/> at <paramref name="time"/>; returns the action taken.</summary>
    public CacheAction Request(string id, double time, double topic = 0)
    {
        var ordinal = catalog.OrdinalOf(new ModelId(id));
        var spec = catalog[ordinal];
        _evictions.Clear();
        var decision = policy.Decide(new CacheRequest(spec, time, topic), cache, _evictions);
        foreach (var victim in _evictions)
        {
            cache.Evict(victim);
            Evicted.Add(victim.Value);
        }

        switch (decision.Action)
        {
            case CacheAction.LoadAndServe:
                cache.Load(ordinal, time);
                break;
            case CacheAction.CloudAndPlace:
                cache.Load(catalog.OrdinalOf(decision.Placement!.Id), time);
                break;
        }

        if (decision.Action is CacheAction.ServeAtEdge or CacheAction.LoadAndServe)
        {
            cache.RecordUse(cache.IndexOfOrdinal(ordinal), time, new Demonstration(time, topic));
        }

        cache.CountRequest(ordinal);
        cache.RecordDemand(ordinal, new Demonstration(time, topic));
        return decision.Action;
    }

    public string[] Cached()
    {
        var ids = new string[cache.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = cache[i].Id.Value;
        }

        Array.Sort(ids, StringComparer.Ordinal);
        return ids;
    }
}
