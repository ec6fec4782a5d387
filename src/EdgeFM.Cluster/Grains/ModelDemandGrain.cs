using System.Collections.Immutable;
using EdgeFM.Cluster.Hosting;

namespace EdgeFM.Cluster.Grains;

/// <summary>The demand grain: counts decayed lazily, to the instant of each call.</summary>
internal sealed class ModelDemandGrain(EdgeClusterTiming timing, TimeProvider time) : Grain, IModelDemandGrain
{
    private readonly Dictionary<string, double> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _totals = new(StringComparer.Ordinal);
    private DateTimeOffset _at = time.GetUtcNow();

    public Task AddAsync(string node, double requests, long total)
    {
        Decay();
        _counts[node] = _counts.GetValueOrDefault(node) + requests;
        _totals[node] = total;
        return Task.CompletedTask;
    }

    public Task<DemandSnapshot> GetAsync()
    {
        Decay();
        return Task.FromResult(new DemandSnapshot(_counts.ToImmutableDictionary(StringComparer.Ordinal), _counts.Values.Sum(), _at, _totals.ToImmutableDictionary(StringComparer.Ordinal)));
    }

    private void Decay()
    {
        var now = time.GetUtcNow();
        var factor = timing.DecayFactor(now - _at);
        _at = now;
        if (factor >= 1)
        {
            return;
        }

        foreach (var node in _counts.Keys.ToList())
        {
            _counts[node] *= factor;
        }
    }
}
