using System.Globalization;
using EdgeFM.Core.Caching;
using EdgeFM.Core.Caching.Policies;

namespace EdgeFM.Gateway.Planning;

/// <summary>Forecast-driven prefetch: in a cluster, the cooperative policy may load a model before it is asked for.</summary>
public sealed partial class RequestPlanner
{
    /// <summary>The forecast period of the cooperative policy, or null when the policy is not cooperative (nothing to prefetch).</summary>
    public TimeSpan? PrefetchPeriod => _policy is ICooperativeCachePolicy ? TimeSpan.FromSeconds(_options.Cluster.Cooperation.PeriodSeconds) : null;

    /// <summary>
    /// Per model of this edge's catalog, the cooperative policy's Holt forecasts of its requests in the next period,
    /// here and cluster-wide (<see cref="CooperativeCachePolicy.Forecast"/>, <see cref="CooperativeCachePolicy.ClusterForecast(Core.Models.ModelId)"/>);
    /// empty when the policy is not cooperative.
    /// </summary>
    public IReadOnlyList<(string Model, double Here, double Cluster)> Forecasts()
    {
        if (_policy is not CooperativeCachePolicy cooperative)
        {
            return [];
        }

        lock (_gate)
        {
            var here = ClusterView?.LocalEdge ?? 0;
            return [.. _specs.Models.Select(m => (m.Id.Value, cooperative.Forecast(here, m.Id), cooperative.ClusterForecast(m.Id)))];
        }
    }

    /// <summary>
    /// Asks the cooperative policy, now on the ledger's time axis, whether this edge should load a model ahead of its
    /// demand (<see cref="ICooperativeCachePolicy.TryPrefetch"/>): the order to carry out (the model and exactly the
    /// evictions the policy chose), with why in words; or null (no cooperative policy, nothing worth loading, or the
    /// model cannot be loaded here). Like every decision, under the planner's lock and in time order.
    /// </summary>
    public (PrefetchOrder Order, string Reason)? PlanPrefetch()
    {
        if (_policy is not ICooperativeCachePolicy cooperative)
        {
            return null;
        }

        lock (_gate)
        {
            ClusterView?.Refresh();
            var time = _ledger.Now;
            _evictions.Clear();
            if (!cooperative.TryPrefetch(new PolicyView(_cache.Residency(), _ledger, AnyUser), time, _evictions, out var model)
                || _cache.FailureOf(model.Id.Value) is not null)
            {
                return null;
            }

            var forecast = cooperative is CooperativeCachePolicy holt ? holt.Forecast(ClusterView?.LocalEdge ?? 0, model.Id) : double.NaN;
            var reason = string.Create(CultureInfo.InvariantCulture, $"{_policy.Name}: forecast {forecast:0.0} requests here in the next {_options.Cluster.Cooperation.PeriodSeconds:0.#} s, rising");
            return (new PrefetchOrder(model.Id.Value, [.. _evictions]), reason);
        }
    }
}
