using EdgeFM.Core.Caching;
using EdgeFM.Core.Forecasting;
using EdgeFM.Core.Models;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Simulation.Experiments;

/// <summary>
/// Scores Holt's popularity forecast on a scenario's own requests: a run counts the requests for each model at each
/// edge per forecast period (the series the cooperative policy forecasts), and <see cref="ForecastError.OfHolt"/>
/// compares one-step-ahead forecasts with the naive last-value forecast on every (edge, model) series.
/// </summary>
public static class ForecastEvaluation
{
    /// <summary>
    /// Runs <paramref name="scenario"/> (independent edges, LC) with <paramref name="seed"/>, counts requests per
    /// (edge, model) per <see cref="CooperativePolicyOptions.PeriodSeconds"/> of its cluster settings, and scores Holt
    /// with the scenario's α and β. The last, partial period is left out.
    /// </summary>
    public static ForecastError Run(Scenario scenario, int seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var options = scenario.Cluster.Policy;
        var recorder = new DemandRecorder(new Core.Caching.Policies.LeastContextPolicy(scenario.Context.NewModelWorth), scenario.Catalog, options.PeriodSeconds);
        var run = new Simulator(scenario with { Cluster = scenario.Cluster with { Cooperation = false }, Compare = null }).Run(recorder, seed);
        var periods = (int)Math.Floor(run.EndTimeSeconds / options.PeriodSeconds);
        return ForecastError.OfHolt(recorder.Series(periods), options.Alpha, options.Beta);
    }

    /// <summary>A pass-through policy that counts each request by the cache it was decided on (an edge), model and period.</summary>
    private sealed class DemandRecorder(ICachePolicy inner, ModelCatalog catalog, double periodSeconds) : ICachePolicy
    {
        // Edge index by cache, looked up once per request: by reference, since a cache is one edge.
        private readonly Dictionary<ICacheView, int> _edges = new(ReferenceEqualityComparer.Instance);
        private readonly List<List<double[]>> _counts = [];

        public string Name => inner.Name;

        public CacheDecision Decide(in CacheRequest request, ICacheView cache, ICollection<ModelId> evictions)
        {
            if (!_edges.TryGetValue(cache, out var edge))
            {
                edge = _edges.Count;
                _edges.Add(cache, edge);
                _counts.Add([]);
            }

            var period = (int)(request.Time / periodSeconds);
            var perPeriod = _counts[edge];
            while (perPeriod.Count <= period)
            {
                perPeriod.Add(new double[catalog.Count]);
            }

            perPeriod[period][catalog.OrdinalOf(request.ModelId)]++;
            return inner.Decide(request, cache, evictions);
        }

        /// <summary>One series per (edge, model) over the first <paramref name="periods"/> periods.</summary>
        public IEnumerable<IReadOnlyList<double>> Series(int periods)
        {
            foreach (var perPeriod in _counts)
            {
                for (var ordinal = 0; ordinal < catalog.Count; ordinal++)
                {
                    var series = new double[periods];
                    for (var p = 0; p < periods && p < perPeriod.Count; p++)
                    {
                        series[p] = perPeriod[p][ordinal];
                    }

                    yield return series;
                }
            }
        }
    }
}
