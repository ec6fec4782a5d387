using EdgeFM.Core.Caching;
using EdgeFM.Core.Context;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Simulation;

/// <summary>Serving one request, warm start and user placement.</summary>
internal sealed partial class SimulationRun
{
    private void Serve(int server, int ordinal, double time, double topic, double tokens, double payloadBytes)
    {
        var cache = _caches[server];
        var spec = _catalog[ordinal];
        if (_cluster is not null)
        {
            _cluster.Now = time;
            if (time >= _nextPrefetch)
            {
                PrefetchUntil(time);
            }

            _cluster.LocalEdge = server;
        }

        _evictions.Clear();
        cache.ExpectRequestFor(ordinal);
        var request = new CacheRequest(spec, time, topic);
        var decision = _policy.Decide(request, cache, _evictions);
        _observer?.OnDecision(request, decision, _evictions);

        // Cooperating edges: a miss may run at a peer holding the model when that costs less than the policy's choice.
        // The policy's cache changes stand, except a load for this very request, which the peer makes unnecessary.
        var peer = _cluster is not null && decision.Action != CacheAction.ServeAtEdge
            ? ChoosePeer(server, ordinal, decision.Action, time, topic, payloadBytes)
            : -1;
        if (peer >= 0 && decision.Action == CacheAction.LoadAndServe)
        {
            _evictions.Clear();
            decision = CacheDecision.Cloud;
        }

        foreach (var victim in _evictions)
        {
            Evict(cache, victim);
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
                _cluster?.Occupy(server, spec.LoadLatencySeconds);
                ServeAtEdge(server, cache, Load(cache, ordinal, time), time, topic, tokens, payloadBytes);
                break;
            case CacheAction.CloudAndPlace:
                var placement = decision.Placement ?? throw new InvalidOperationException($"Policy '{_policy.Name}' decided CloudAndPlace without a model to place.");
                _costs.ChargeLoad(ref _totals, placement);
                _cluster?.Occupy(server, placement.LoadLatencySeconds);
                Load(cache, _catalog.OrdinalOf(placement.Id), time);
                ServeElsewhere(server, peer, ordinal, time, topic, payloadBytes);
                break;
            default:
                ServeElsewhere(server, peer, ordinal, time, topic, payloadBytes);
                break;
        }

        cache.CountRequest(ordinal);
        cache.RecordDemand(ordinal, new Demonstration(time, topic));
    }

    private void ServeAtEdge(int server, SimulatedCache cache, int index, double time, double topic, double tokens, double payloadBytes)
    {
        var value = cache.ContextValue(index, time, topic);
        var model = _catalog[cache.OrdinalAt(index)];
        _costs.ChargeEdge(ref _totals, _servers[server], model, value, payloadBytes);
        cache.RecordUse(index, time, new Demonstration(time, topic));
        _cluster?.Occupy(server, _servers[server].InferenceLatency(model.ComputePerRequestGflop));
    }

    private int Load(SimulatedCache cache, int ordinal, double time)
    {
        if (ordinal < 0)
        {
            throw new InvalidOperationException($"Policy '{_policy.Name}' placed a model that is not in the catalog.");
        }

        var index = cache.Load(ordinal, time);
        _cluster?.CountCopy(ordinal, +1);
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
        if (_scenario.Cluster.Assignment == UserAssignment.Spread)
        {
            var spread = new int[users];
            for (var u = 0; u < users; u++)
            {
                spread[u] = u % _servers.Length;
            }

            return spread;
        }

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
