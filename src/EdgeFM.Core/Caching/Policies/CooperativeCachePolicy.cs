using System.Diagnostics.CodeAnalysis;
using EdgeFM.Core.Cluster;
using EdgeFM.Core.Forecasting;
using EdgeFM.Core.Models;

namespace EdgeFM.Core.Caching.Policies;

/// <summary>
/// The cooperative variant of any policy (a decorator): requests are decided by the inner policy, except that
/// (a) the cluster's last copy of a model in demand is shown to the inner policy as pinned, so it is never evicted
/// while other edges may need it (only while another edge is alive: <see cref="IClusterView.LiveEdges"/> > 1), and a model it prefetched is held for one
/// period; and (b) <see cref="TryPrefetch"/> loads a
/// model at an edge where Holt's forecast of its requests rises (by default only a model no edge holds). Demand is the per-period difference of the cluster
/// view's request counts, one <see cref="HoltForecaster"/> per (edge, model); periods close when a decision or
/// prefetch at or after their end is asked for (the caller asks in time order).
/// </summary>
public sealed class CooperativeCachePolicy : ICooperativeCachePolicy
{
    private readonly ModelCatalog _catalog;
    private readonly IClusterView _cluster;
    private readonly CooperativePolicyOptions _options;
    private readonly HoltForecaster[] _forecasts;
    private readonly long[] _lastCounts;
    private readonly double[] _heldUntil;
    private readonly bool[] _pinned;
    private readonly double[] _scores;
    private readonly PinnedOverlayView _overlay = new();
    private readonly int _edges;
    private double _periodEnd;

    /// <summary>Wraps <paramref name="inner"/> for an edge of <paramref name="cluster"/> over <paramref name="catalog"/>.</summary>
    public CooperativeCachePolicy(ICachePolicy inner, ModelCatalog catalog, IClusterView cluster, CooperativePolicyOptions? options = null)
    {
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
        _options = options ?? new CooperativePolicyOptions();
        if (!(_options.PeriodSeconds > 0) || !(_options.MinDemand >= 0) || !(_options.PrefetchMinDemand > 0))
        {
            throw new ArgumentException("The forecast period and the prefetch demand must be > 0 and the minimum demand ≥ 0.", nameof(options));
        }

        _edges = cluster.EdgeCount;
        _forecasts = new HoltForecaster[_edges * catalog.Count];
        for (var i = 0; i < _forecasts.Length; i++)
        {
            _forecasts[i] = new HoltForecaster(_options.Alpha, _options.Beta);
        }

        _lastCounts = new long[_forecasts.Length];
        _heldUntil = new double[_forecasts.Length];
        _pinned = new bool[catalog.Count];
        _scores = new double[catalog.Count];
        _periodEnd = _options.PeriodSeconds;
        Name = CooperativePolicyNames.Of(inner.Name);
    }

    /// <inheritdoc />
    public ICachePolicy Inner { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Periods whose demand has been observed so far.</summary>
    public long PeriodsObserved { get; private set; }

    /// <summary>Holt's forecast of the requests for <paramref name="model"/> at <paramref name="edge"/> in the next period (0 for a model outside the catalog).</summary>
    public double Forecast(int edge, ModelId model)
    {
        var ordinal = _catalog.OrdinalOf(model);
        return ordinal < 0 ? 0 : _forecasts[(edge * _catalog.Count) + ordinal].Forecast();
    }

    /// <summary>The sum over edges of <see cref="Forecast"/>: the cluster's forecast requests for <paramref name="model"/> next period.</summary>
    public double ClusterForecast(ModelId model)
    {
        var ordinal = _catalog.OrdinalOf(model);
        return ordinal < 0 ? 0 : ClusterForecast(ordinal);
    }

    /// <summary>True when the inner policy must not evict <paramref name="model"/> from the local edge: it is the cluster's last copy and in demand.</summary>
    public bool IsProtected(ModelId model) =>
        _options.ProtectLastCopy
        && _cluster.LiveEdges > 1
        && _cluster.Copies(model) == 1
        && _cluster.Holds(_cluster.LocalEdge, model)
        && ClusterForecast(model) >= _options.MinDemand;

    /// <inheritdoc />
    public CacheDecision Decide(in CacheRequest request, ICacheView cache, ICollection<ModelId> evictions)
    {
        ArgumentNullException.ThrowIfNull(cache);
        Advance(request.Time);

        // Hits evict nothing: skip the overlay so a hit costs what the inner policy's hit costs.
        if (cache.IndexOf(request.ModelId) >= 0 || !MarkProtected(cache, request.Time))
        {
            return Inner.Decide(request, cache, evictions);
        }

        return Inner.Decide(request, _overlay.Over(cache, _pinned), evictions);
    }

    /// <inheritdoc />
    public bool TryPrefetch(ICacheView cache, double time, ICollection<ModelId> evictions, [NotNullWhen(true)] out ModelSpec? model)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(evictions);
        Advance(time);
        model = null;
        if (!_options.Prefetch)
        {
            return false;
        }

        var edge = _cluster.LocalEdge;
        var row = edge * _catalog.Count;
        ModelSpec? best = null;
        var bestForecast = 0.0;
        for (var ordinal = 0; ordinal < _catalog.Count; ordinal++)
        {
            var spec = _catalog[ordinal];
            var holt = _forecasts[row + ordinal];
            var forecast = holt.Forecast();
            if (forecast >= _options.PrefetchMinDemand && holt.Trend > 0 && forecast > bestForecast
                && spec.MemoryBytes <= cache.CapacityBytes && cache.IndexOf(spec.Id) < 0
                && (_options.PrefetchHeldByPeers || _cluster.Copies(spec.Id) == 0))
            {
                best = spec;
                bestForecast = forecast;
            }
        }

        if (best is null)
        {
            return false;
        }

        var needed = EvictionPlanner.BytesToFree(cache, best);
        if (needed > 0)
        {
            // Evict the models forecast to be asked for least here, and only if together they are forecast below the newcomer.
            MarkProtected(cache, time);
            for (var i = 0; i < cache.Count; i++)
            {
                var ordinal = _catalog.OrdinalOf(cache[i].Id);
                _scores[i] = ordinal < 0 ? 0 : _forecasts[row + ordinal].Forecast();
            }

            var view = _overlay.Over(cache, _pinned);
            if (!EvictionPlanner.TrySelectLowest(view, needed, _scores.AsSpan(0, cache.Count), evictions, out var victimForecast) || victimForecast >= bestForecast)
            {
                evictions.Clear();
                return false;
            }
        }

        // A prefetched model starts with no context and no requests, so the inner policy would pick it first as a
        // victim; it is held (shown pinned) for one period to get the demand it was loaded for.
        _heldUntil[row + _catalog.OrdinalOf(best.Id)] = time + _options.PeriodSeconds;
        model = best;
        return true;
    }

    private double ClusterForecast(int ordinal)
    {
        double sum = 0;
        for (var edge = 0; edge < _edges; edge++)
        {
            sum += _forecasts[(edge * _catalog.Count) + ordinal].Forecast();
        }

        return sum;
    }

    /// <summary>
    /// Marks in <see cref="_pinned"/> the local cache's entries the inner policy must not evict at <paramref name="time"/>:
    /// protected last copies and models prefetched less than a period ago. True when any is.
    /// </summary>
    private bool MarkProtected(ICacheView cache, double time)
    {
        var any = false;
        var row = _cluster.LocalEdge * _catalog.Count;
        for (var i = 0; i < cache.Count; i++)
        {
            var id = cache[i].Id;
            var ordinal = _catalog.OrdinalOf(id);
            _pinned[i] = (ordinal >= 0 && time < _heldUntil[row + ordinal]) || IsProtected(id);
            any |= _pinned[i];
        }

        return any;
    }

    /// <summary>Closes every period that ended at or before <paramref name="time"/>, feeding each (edge, model) its count.</summary>
    private void Advance(double time)
    {
        while (time >= _periodEnd)
        {
            for (var edge = 0; edge < _edges; edge++)
            {
                var row = edge * _catalog.Count;
                for (var ordinal = 0; ordinal < _catalog.Count; ordinal++)
                {
                    var count = _cluster.RequestCount(edge, _catalog[ordinal].Id);
                    _forecasts[row + ordinal].Observe(count - _lastCounts[row + ordinal]);
                    _lastCounts[row + ordinal] = count;
                }
            }

            PeriodsObserved++;
            _periodEnd += _options.PeriodSeconds;
        }
    }
}
