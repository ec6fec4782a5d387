using EdgeFM.Core.Caching;
using EdgeFM.Core.Context;
using EdgeFM.Core.Models;

namespace EdgeFM.Simulation;

/// <summary>Cooperating edges: serving at a peer, prefetching, keeping the cluster's copy counts.</summary>
internal sealed partial class SimulationRun
{
    /// <summary>
    /// The peer edge (≠ <paramref name="server"/>) holding the model that serves the request most cheaply, or -1 when
    /// none costs less than the policy's choice. A peer costs its inference, its context's accuracy cost and, as
    /// offloading, the user's link plus the hop plus the peer's queue. The alternative is the cloud's cost, or for a
    /// local load the switching cost plus serving here from an empty context after this edge's own queue (the load's
    /// time is in the switching cost, as it is charged).
    /// Ties go to the policy's choice, then to the lower peer index.
    /// </summary>
    private int ChoosePeer(int server, int ordinal, CacheAction action, double time, double topic, double payloadBytes)
    {
        var cluster = _cluster!;
        var spec = _catalog[ordinal];
        var origin = _servers[server];
        var userLink = origin.OffloadingLatency(payloadBytes);
        var bestCost = action == CacheAction.LoadAndServe
            ? _costs.SwitchingCost(spec) + _costs.EdgeRequestCost(origin, spec, 0, userLink + cluster.QueueSeconds(server))
            : _costs.CloudCostPerRequest;
        if (cluster.CopiesOfOrdinal(ordinal) == 0)
        {
            return -1;
        }

        var hop = _link.HopSeconds(payloadBytes);
        var best = -1;
        for (var p = 0; p < _caches.Length; p++)
        {
            var index = _caches[p].IndexOfOrdinal(ordinal);
            if (p == server || index < 0)
            {
                continue;
            }

            var offloading = userLink + hop + cluster.QueueSeconds(p);
            var cost = _costs.EdgeRequestCost(_servers[p], spec, _caches[p].ContextValue(index, time, topic), offloading);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = p;
            }
        }

        return best;
    }

    /// <summary>Runs the request at <paramref name="peer"/> (charging the hop as offloading latency), or in the cloud when it is -1.</summary>
    private void ServeElsewhere(int server, int peer, int ordinal, double time, double topic, double payloadBytes)
    {
        if (peer < 0)
        {
            _costs.ChargeCloud(ref _totals);
            _cloudRequests++;
            return;
        }

        var cache = _caches[peer];
        var index = cache.IndexOfOrdinal(ordinal);
        var model = _catalog[ordinal];
        _costs.ChargePeer(ref _totals, _servers[server], _servers[peer], model, cache.ContextValue(index, time, topic), payloadBytes, _link.HopSeconds(payloadBytes));
        cache.RecordUse(index, time, new Demonstration(time, topic));
        _cluster!.Occupy(peer, _servers[peer].InferenceLatency(model.ComputePerRequestGflop));
        _peerRequests++;
    }

    /// <summary>At every forecast period boundary up to <paramref name="time"/>, asks each edge's policy (in edge order) for a prefetch.</summary>
    private void PrefetchUntil(double time)
    {
        var cluster = _cluster!;
        var cooperative = _cooperative!;
        var period = _scenario.Cluster.Policy.PeriodSeconds;
        while (time >= _nextPrefetch)
        {
            var at = _nextPrefetch;
            cluster.Now = at;
            for (var edge = 0; edge < _caches.Length; edge++)
            {
                cluster.LocalEdge = edge;
                var cache = _caches[edge];
                _evictions.Clear();
                if (cooperative.TryPrefetch(cache, at, _evictions, out var model))
                {
                    foreach (var victim in _evictions)
                    {
                        Evict(cache, victim);
                    }

                    _costs.ChargeLoad(ref _totals, model);
                    cluster.Occupy(edge, model.LoadLatencySeconds);
                    Load(cache, _catalog.OrdinalOf(model.Id), at);
                    _prefetches++;
                }
            }

            _nextPrefetch = at + period;
        }

        cluster.Now = time;
    }

    private void Evict(SimulatedCache cache, ModelId victim)
    {
        cache.Evict(victim);
        _totals.Evictions++;
        _cluster?.CountCopy(_catalog.OrdinalOf(victim), -1);
    }
}
