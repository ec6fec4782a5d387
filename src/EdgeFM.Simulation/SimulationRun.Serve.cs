using EdgeFM.Core.Caching;
using EdgeFM.Core.Context;

namespace EdgeFM.Simulation;

/// <summary>Serving one request, warm start and user placement.</summary>
internal sealed partial class SimulationRun
{
    private void Serve(int server, int ordinal, double time, double topic, double tokens, double payloadBytes)
    {
        var cache = _caches[server];
        var spec = _catalog[ordinal];
        _evictions.Clear();
        cache.ExpectRequestFor(ordinal);
        var request = new CacheRequest(spec, time, topic);
        var decision = _policy.Decide(request, cache, _evictions);
        _observer?.OnDecision(request, decision, _evictions);
        foreach (var victim in _evictions)
        {
            cache.Evict(victim);
            _totals.Evictions++;
        }

        switch (decision.Action)
        {
            case CacheAction.ServeAtEdge:
            {
                var index = cache.IndexOfOrdinal(ordinal);
                if (index < 0)
                {
                    throw new InvalidOperationException($"Policy '{_policy.Name}' chose to serve model '{spec.Id}' at the edge, but it is not cached.");
                }

                ServeAtEdge(server, cache, index, time, topic, tokens, payloadBytes);
                break;
            }

            case CacheAction.LoadAndServe:
                _costs.ChargeLoad(ref _totals, spec);
                ServeAtEdge(server, cache, Load(cache, ordinal, time), time, topic, tokens, payloadBytes);
                break;
            case CacheAction.CloudAndPlace:
                var placement = decision.Placement ?? throw new InvalidOperationException($"Policy '{_policy.Name}' decided CloudAndPlace without a model to place.");
                _costs.ChargeLoad(ref _totals, placement);
                Load(cache, _catalog.OrdinalOf(placement.Id), time);
                _costs.ChargeCloud(ref _totals);
                _cloudRequests++;
                break;
            default:
                _costs.ChargeCloud(ref _totals);
                _cloudRequests++;
                break;
        }

        cache.CountRequest(ordinal);
        cache.RecordDemand(ordinal, new Demonstration(time, topic));
    }

    private void ServeAtEdge(int server, SimulatedCache cache, int index, double time, double topic, double tokens, double payloadBytes)
    {
        var value = cache.ContextValue(index, time, topic);
        _costs.ChargeEdge(ref _totals, _servers[server], _catalog[cache.OrdinalAt(index)], value, payloadBytes);
        cache.RecordUse(index, time, new Demonstration(time, topic));
    }

    private int Load(SimulatedCache cache, int ordinal, double time)
    {
        if (ordinal < 0)
        {
            throw new InvalidOperationException($"Policy '{_policy.Name}' placed a model that is not in the catalog.");
        }

        var index = cache.Load(ordinal, time);
        var utilization = (double)cache.BytesInUse / cache.CapacityBytes;
        if (utilization > _peakUtilization)
        {
            _peakUtilization = utilization;
        }

        return index;
    }

    /// <summary>Each server starts with the most popular models that fit, in rank order; these loads are not charged.</summary>
    private void WarmStart()
    {
        foreach (var cache in _caches)
        {
            for (var ordinal = 0; ordinal < _catalog.Count; ordinal++)
            {
                if (cache.BytesInUse + _catalog[ordinal].MemoryBytes <= cache.CapacityBytes)
                {
                    Load(cache, ordinal, 0);
                }
            }
        }
    }

    /// <summary>Places users uniformly over the area (from a stream of their own) and attaches each to the nearest server.</summary>
    private int[] PlaceUsers(int users, int seed)
    {
        var random = new Workloads.Xoshiro(~(long)seed);
        var area = _scenario.Workload.AreaKm;
        var result = new int[users];
        for (var u = 0; u < users; u++)
        {
            var x = random.NextDouble() * area;
            var y = random.NextDouble() * area;
            var best = 0;
            var bestDistance = double.MaxValue;
            for (var s = 0; s < _servers.Length; s++)
            {
                var dx = _servers[s].X - x;
                var dy = _servers[s].Y - y;
                var distance = (dx * dx) + (dy * dy);
                if (distance < bestDistance)
                {
                    best = s;
                    bestDistance = distance;
                }
            }

            result[u] = best;
        }

        return result;
    }
}
