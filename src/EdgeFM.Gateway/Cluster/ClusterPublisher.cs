using EdgeFM.Core.Cluster;
using EdgeFM.Core.Models;
using EdgeFM.Gateway.Admission;
using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Planning;
using Microsoft.Extensions.Hosting;

namespace EdgeFM.Gateway.Cluster;

/// <summary>
/// Tells the cluster what this edge holds: its loaded and loading models (bytes, Age-of-Context value, queue depth),
/// budget and total queue, whenever the cache changes (at most every <see cref="MinimumSpacing"/>) and at least every
/// <paramref name="interval"/> (queues change without the cache changing).
/// </summary>
internal sealed class ClusterPublisher(IEdgeCluster cluster, LiveModelCache cache, RequestPlanner planner, AdmissionController admission, TimeSpan interval, TimeProvider time)
    : BackgroundService
{
    /// <summary>Shortest time between two reports, so a busy edge (every request's end changes the cache) does not flood the directory.</summary>
    public static readonly TimeSpan MinimumSpacing = TimeSpan.FromMilliseconds(100);

    /// <summary>This edge's residency now.</summary>
    public static NodeResidency Residency(LiveModelCache cache, RequestPlanner planner, AdmissionController admission)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(planner);
        ArgumentNullException.ThrowIfNull(admission);
        var resident = cache.Snapshot().Where(m => m.Parent is null && m.State is ModelState.Loaded or ModelState.Loading).ToList();
        var models = resident
            .Select(m => new ReplicaReport(new ModelId(m.Id), m.State == ModelState.Loaded ? ReplicaState.Loaded : ReplicaState.Loading, m.Bytes, planner.ContextValueOf(m.Id), admission.Queued(m.Id)))
            .ToList();
        return new NodeResidency(models, cache.BudgetBytes, cache.UsedBytes, admission.Total);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                cluster.Report(Residency(cache, planner, admission));
                await Task.Delay(MinimumSpacing, time, stoppingToken).ConfigureAwait(false);
                await cache.WaitForChangeAsync(interval, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
