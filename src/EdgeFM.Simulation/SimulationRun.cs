using EdgeFM.Core.Caching;
using EdgeFM.Core.Caching.Policies;
using EdgeFM.Core.Cluster;
using EdgeFM.Core.Context;
using EdgeFM.Core.Costs;
using EdgeFM.Core.Models;
using EdgeFM.Core.Topology;
using EdgeFM.Simulation.Engine;
using EdgeFM.Simulation.Scenarios;
using EdgeFM.Simulation.TimeSeries;
using EdgeFM.Simulation.Workloads;

namespace EdgeFM.Simulation;

/// <summary>The state of one run. Everything is allocated in the constructor; the request loop allocates nothing.</summary>
internal sealed partial class SimulationRun
{
    private const int Arrival = 1;

    private readonly Scenario _scenario;
    private readonly ICachePolicy _policy;
    private readonly int _seed;
    private readonly AliasSampler _popularity;
    private readonly ModelCatalog _catalog;
    private readonly EdgeServerSpec[] _servers;
    private readonly SimulatedCache[] _caches;
    private readonly int[] _userServer;
    private readonly Xoshiro _random;
    private readonly CostModel _costs;
    private readonly List<ModelId> _evictions = new(16);
    private readonly Trace? _trace;
    private readonly IDecisionObserver? _observer;
    private readonly double _payloadBytes;
    private readonly double _tokens;
    private readonly TimeSeriesRecorder? _recorder;
    private readonly SimulatedCluster? _cluster;
    private readonly ICooperativeCachePolicy? _cooperative;
    private readonly InterEdgeLink _link;
    private double _nextPrefetch = double.PositiveInfinity;
    private long _peerRequests;
    private long _prefetches;
    private CostBreakdown _totals;
    private long _cloudRequests;
    private double _peakUtilization;
    private double _nextShiftTime;
    private int _shiftOffset;
    private long _warmupRequests;
    private long _warmupEdgeRequests;

    public SimulationRun(Simulator simulator, ICachePolicy policy, int seed, TimeSeriesOptions? timeSeries = null, IDecisionObserver? observer = null)
    {
        _observer = observer;
        _scenario = simulator.Scenario;
        _seed = seed;
        _popularity = simulator.Popularity;
        _catalog = _scenario.Catalog;
        _servers = [.. _scenario.Servers];
        _trace = _scenario.Trace;
        _random = new Xoshiro(seed);
        _costs = new CostModel(_scenario.Weights, _scenario.Cloud);
        var ageOfContext = AgeOfContext.CreateDefault(_scenario.Context.WindowSeconds, _scenario.Context.TopicSharpness);
        _caches = new SimulatedCache[_servers.Length];
        for (var s = 0; s < _servers.Length; s++)
        {
            _caches[s] = new SimulatedCache(_catalog, _servers[s].MemoryCapacityBytes, ageOfContext);
        }

        // Cooperating edges share a cluster view, and every edge's policy runs as its cooperative variant.
        _link = _scenario.Cluster.Link;
        if (_scenario.Cluster.Cooperation)
        {
            _cluster = new SimulatedCluster(_catalog, _caches);
            _cooperative = new CooperativeCachePolicy(policy, _catalog, _cluster, _scenario.Cluster.Policy);
            policy = _cooperative;
            _nextPrefetch = _scenario.Cluster.Policy.PeriodSeconds;
        }

        _policy = policy;
        var workload = _scenario.Workload;
        _payloadBytes = workload.InputTokens * workload.BytesPerToken;
        _tokens = workload.InputTokens + workload.OutputTokens;
        _userServer = PlaceUsers(_trace?.UserCount ?? workload.Users, seed);
        _recorder = timeSeries is null ? null : new TimeSeriesRecorder(timeSeries, _catalog);
        if (_scenario.WarmStart)
        {
            WarmStart();
        }
    }

    public RunResult Execute(CancellationToken cancellationToken)
    {
        var warmup = _scenario.WarmupRequests;
        var maxRequests = _scenario.Requests > 0 ? warmup + _scenario.Requests : long.MaxValue;
        var endTicks = _scenario.DurationSeconds > 0 ? (long)(_scenario.DurationSeconds * Simulator.TicksPerSecond) : long.MaxValue;

        // Sampling is a type argument: the loops are compiled once without any sampling code (off) and once with it.
        var (generated, endTime) = (_trace is null, _recorder is null) switch
        {
            (true, true) => Generate<SamplingOff>(maxRequests, endTicks, cancellationToken),
            (true, false) => Generate<SamplingOn>(maxRequests, endTicks, cancellationToken),
            (false, true) => ReplayTrace<SamplingOff>(maxRequests, endTicks, cancellationToken),
            (false, false) => ReplayTrace<SamplingOn>(maxRequests, endTicks, cancellationToken),
        };

        RunTimeSeries? series = null;
        if (_recorder is not null)
        {
            if (endTime > _recorder.LastTime)
            {
                var topic = _trace is null ? GeneratedTopic(endTime) : _trace.Topics[Math.Max(0, (int)Math.Min(generated, _trace.Count) - 1)];
                Sample(endTime, topic);
            }

            series = _recorder.Build();
        }

        return new RunResult
        {
            Policy = _policy.Name,
            Seed = _seed,
            Costs = _totals,
            Generated = generated - Math.Min(generated, warmup),
            CloudRequests = _cloudRequests,
            PeerRequests = _peerRequests,
            Prefetches = _prefetches,
            PeakMemoryUtilization = _peakUtilization,
            EndTimeSeconds = endTime,
            TimeSeries = series,
        };
    }

    /// <summary>Generates and serves requests until the request limit or the end time; returns the count and the last arrival time.</summary>
    private (long Generated, double EndTime) Generate<TSampling>(long maxRequests, long endTicks, CancellationToken cancellationToken)
        where TSampling : struct, ISampling
    {
        var queue = new EventQueue(_userServer.Length);
        var warmup = _scenario.WarmupRequests;
        var nextSample = _recorder?.NextTime ?? double.PositiveInfinity;
        long generated = 0;
        var endTime = 0.0;
        var rate = _scenario.Workload.RatePerUser;
        for (var u = 0; u < _userServer.Length; u++)
        {
            queue.Schedule(Ticks(_random.NextExponential(rate)), 0, Arrival, u);
        }

        // One request ahead: the next request is drawn (same draws, same order) before the current one is
        // served, so its server's data can be prefetched while the current request is served.
        var hasCurrent = TryDraw(queue, rate, endTicks, out var current);
        while (hasCurrent && generated < maxRequests)
        {
            PendingRequest next = default;
            var hasNext = generated + 1 < maxRequests && TryDraw(queue, rate, endTicks, out next);
            if (hasNext)
            {
                _caches[next.Server].Prefetch(next.Ordinal);
            }

            if (TSampling.Enabled && current.Time > nextSample)
            {
                nextSample = SampleUntil(current.Time, GeneratedTopic);
            }

            Serve(current.Server, current.Ordinal, current.Time, current.Topic, _tokens, _payloadBytes);
            endTime = current.Time;
            if (++generated == warmup)
            {
                EndWarmup(endTime);
            }

            if ((generated & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            hasCurrent = hasNext;
            current = next;
        }

        return (generated, endTime);
    }

    /// <summary>Replays the trace until the request limit or the end time; returns the count and the simulated time reached.</summary>
    private (long Generated, double EndTime) ReplayTrace<TSampling>(long maxRequests, long endTicks, CancellationToken cancellationToken)
        where TSampling : struct, ISampling
    {
        var trace = _trace!;
        var queue = new EventQueue(1);
        var warmup = _scenario.WarmupRequests;
        var nextSample = _recorder?.NextTime ?? double.PositiveInfinity;
        long generated = 0;
        queue.Schedule(Ticks(trace.Times[0]), 0, Arrival, 0);
        while (generated < maxRequests && queue.TryDequeue(out var arrival) && arrival.Time <= endTicks)
        {
            var i = arrival.Subject;
            var time = (double)arrival.Time / Simulator.TicksPerSecond;
            if (TSampling.Enabled && time > nextSample)
            {
                nextSample = SampleUntil(time, i == 0 ? 0 : trace.Topics[i - 1]);
            }

            Replay(i, arrival.Time);
            if (i + 1 < trace.Count)
            {
                queue.Schedule(Ticks(trace.Times[i + 1]), 0, Arrival, i + 1);
            }

            if (++generated == warmup)
            {
                EndWarmup(time);
            }

            if ((generated & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return (generated, (double)queue.Now / Simulator.TicksPerSecond);
    }

    /// <summary>Discards what the warm-up requests cost; caches, contexts and counts carry on.</summary>
    private void EndWarmup(double time)
    {
        _warmupRequests = _totals.Requests;
        _warmupEdgeRequests = _totals.EdgeRequests;
        if (_recorder is not null)
        {
            _recorder.WarmupEndSeconds = time;
        }

        _totals = default;
        _cloudRequests = 0;
        _peerRequests = 0;
        _prefetches = 0;
    }

    private static long Ticks(double seconds) => (long)(seconds * Simulator.TicksPerSecond);

    /// <summary>
    /// Takes the next arrival (false when none is due by <paramref name="endTicks"/>), schedules that user's following
    /// one and draws the request: its inter-arrival time, model and topic, in that order from the run's stream.
    /// </summary>
    private bool TryDraw(EventQueue queue, double rate, long endTicks, out PendingRequest request)
    {
        if (!queue.TryPeek(out var head) || head.Time > endTicks)
        {
            request = default;
            return false;
        }

        var following = head.Time + Ticks(_random.NextExponential(rate));
        queue.TryDequeueAndSchedule(out var arrival, following, 0, Arrival, head.Subject);
        var workload = _scenario.Workload;
        var time = (double)arrival.Time / Simulator.TicksPerSecond;
        var ordinal = _popularity.Sample(_random.NextDouble());
        if (workload.PopularityShiftSeconds > 0)
        {
            // The rotation changes once per shift period: recompute it only when a boundary is crossed.
            if (time >= _nextShiftTime)
            {
                var shifts = (long)(time / workload.PopularityShiftSeconds);
                _shiftOffset = (int)(shifts % _catalog.Count);
                _nextShiftTime = (shifts + 1) * workload.PopularityShiftSeconds;
            }

            ordinal += _shiftOffset;
            if (ordinal >= _catalog.Count)
            {
                ordinal -= _catalog.Count;
            }
        }

        var topic = (workload.TopicDriftPerSecond * time) + (workload.TopicJitter * ((2 * _random.NextDouble()) - 1));
        topic -= Math.Floor(topic);
        request = new PendingRequest(_userServer[arrival.Subject], ordinal, time, topic);
        return true;
    }

    private void Replay(int index, long ticks)
    {
        var trace = _trace!;
        var time = (double)ticks / Simulator.TicksPerSecond;
        Serve(
            _userServer[trace.Users[index]],
            trace.Models[index],
            time,
            trace.Topics[index],
            trace.InputTokens[index] + trace.OutputTokens[index],
            trace.InputTokens[index] * _scenario.Workload.BytesPerToken);
    }

    /// <summary>A drawn request waiting to be served.</summary>
    private readonly record struct PendingRequest(int Server, int Ordinal, double Time, double Topic);
}
