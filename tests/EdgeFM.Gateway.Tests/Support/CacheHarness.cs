using EdgeFM.Core.Models;
using EdgeFM.Gateway.Backends;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Catalog;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Placing;
using EdgeFM.TestSupport;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>A live cache over placeholder files m0..m(n-1) in a temporary directory, and a plain planner for tests of the cache alone.</summary>
public sealed class CacheHarness : IDisposable
{
    private readonly TempDirectory _directory = new();

    public CacheHarness(int models, long budget, IModelBackendLoader loader, TimeProvider? time = null, Action<string>? contextLost = null)
    {
        for (var i = 0; i < models; i++)
        {
            File.WriteAllBytes(_directory.File($"m{i}.gguf"), [0]);
        }

        Metrics = new GatewayMetrics();
        Cache = new LiveModelCache(ModelDirectory.Scan(_directory.Path), loader, budget, Metrics, time ?? TimeProvider.System, new ServiceRates(1), contextLost);
    }

    public LiveModelCache Cache { get; }

    public GatewayMetrics Metrics { get; }

    public string Directory => _directory.Path;

    /// <summary>
    /// Leases <paramref name="model"/>, evicting evictable models least recently used first until it fits (a stand-in
    /// planner), and planning again on conflicts. Returns the final acquisition.
    /// </summary>
    public async Task<CacheAcquisition> AcquireLruAsync(string model, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var residency = Cache.Residency();
            var victims = new List<ModelId>();
            var free = residency.BudgetBytes - residency.UsedBytes;
            var needed = Cache.BytesOf(model);
            if (!residency.Resident.Any(r => r.Id == model))
            {
                foreach (var candidate in residency.Resident.Where(r => r.Evictable).OrderBy(r => r.LastUse))
                {
                    if (free >= needed)
                    {
                        break;
                    }

                    victims.Add(new ModelId(candidate.Id));
                    free += candidate.Bytes;
                }
            }

            var acquisition = await Cache.AcquireAsync(model, victims, cancellationToken);
            if (acquisition.Outcome != CacheOutcome.Conflict)
            {
                return acquisition;
            }

            if (free < needed)
            {
                // Nothing can be evicted now: wait for a lease to end, as the executor does.
                await Cache.WaitForChangeAsync(TimeSpan.FromSeconds(5), cancellationToken);
            }
        }
    }

    public void Dispose()
    {
        Cache.Dispose();
        _directory.Dispose();
    }
}
