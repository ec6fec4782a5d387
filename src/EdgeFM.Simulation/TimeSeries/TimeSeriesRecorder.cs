using EdgeFM.Core.Models;

namespace EdgeFM.Simulation.TimeSeries;

/// <summary>Collects a run's samples; created only when sampling is asked for, so runs without it allocate nothing.</summary>
internal sealed class TimeSeriesRecorder
{
    private readonly double _interval;
    private readonly ModelCatalog _catalog;
    private readonly List<double> _times = [];
    private readonly List<long> _requests = [];
    private readonly List<long> _edgeRequests = [];
    private readonly List<int> _cached = [];
    private readonly List<double> _contextValues = [];
    private long _previousRequests;
    private long _previousEdgeRequests;

    public TimeSeriesRecorder(TimeSeriesOptions options, ModelCatalog catalog)
    {
        _interval = options.IntervalSeconds;
        _catalog = catalog;
        NextTime = _interval;
    }

    /// <summary>When the next regular sample is due, in simulated seconds.</summary>
    public double NextTime { get; private set; }

    /// <summary>Where the warm-up ended, in simulated seconds.</summary>
    public double WarmupEndSeconds { get; set; }

    /// <summary>
    /// Starts a sample at <paramref name="time"/>: <paramref name="requests"/> and <paramref name="edgeRequests"/> are
    /// the run's counts since its start. Every model's context value starts as NaN (not cached) until <see cref="AddContext"/>.
    /// </summary>
    public void BeginSample(double time, long requests, long edgeRequests)
    {
        _times.Add(time);
        _requests.Add(requests - _previousRequests);
        _edgeRequests.Add(edgeRequests - _previousEdgeRequests);
        _previousRequests = requests;
        _previousEdgeRequests = edgeRequests;
        _cached.Add(0);
        for (var m = 0; m < _catalog.Count; m++)
        {
            _contextValues.Add(double.NaN);
        }

        NextTime = (_times.Count + 1) * _interval;
    }

    /// <summary>Counts a cached copy of the model with catalog ordinal <paramref name="ordinal"/> in the current sample, adding its context <paramref name="value"/>.</summary>
    public void AddContext(int ordinal, double value)
    {
        var slot = _contextValues.Count - _catalog.Count + ordinal;
        _contextValues[slot] = double.IsNaN(_contextValues[slot]) ? value : _contextValues[slot] + value;
        _cached[^1]++;
    }

    /// <summary>The last sample's time, or −∞ before the first.</summary>
    public double LastTime => _times.Count == 0 ? double.NegativeInfinity : _times[^1];

    public RunTimeSeries Build()
    {
        var models = new ModelId[_catalog.Count];
        for (var m = 0; m < models.Length; m++)
        {
            models[m] = _catalog[m].Id;
        }

        return new RunTimeSeries(_interval, models, WarmupEndSeconds, [.. _times], [.. _requests], [.. _edgeRequests], [.. _cached], [.. _contextValues]);
    }
}
