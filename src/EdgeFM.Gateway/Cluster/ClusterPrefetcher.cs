using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Dashboard;
using EdgeFM.Gateway.Execution;
using EdgeFM.Gateway.Metrics;
using EdgeFM.Gateway.Planning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeFM.Gateway.Cluster;

/// <summary>
/// Runs the cooperative policy's prefetch round once per forecast period (on the gateway's clock, from start-up, the
/// ledger's time axis): the planner asks the policy (<see cref="RequestPlanner.PlanPrefetch"/>) and, when it names a
/// model, the executor loads it as it loads any prefetch order (<see cref="PlanExecutor"/>: the cache keeps the
/// budget and never evicts a leased, loading or pinned model; a plan that no longer holds changes nothing). One model
/// per round, as in the simulator. Each order appears in the event log (<c>prefetch</c>) and in
/// <c>edgefm_prefetches_total</c>.
/// </summary>
internal sealed class ClusterPrefetcher(
    RequestPlanner planner, PlanExecutor executor, LiveModelCache cache, GatewayEventLog events, GatewayMetrics metrics, TimeSpan period, TimeProvider time, ILogger logger)
    : BackgroundService
{
    private readonly SemaphoreSlim _round = new(1, 1);

    /// <summary>
    /// One round: asks the policy and loads what it names. Returns the order carried out (whatever its outcome), or
    /// null. Rounds never overlap: a round ends when its load has.
    /// </summary>
    public async Task<PrefetchOrder?> RunOnceAsync()
    {
        await _round.WaitAsync().ConfigureAwait(false);
        try
        {
            return await RoundAsync().ConfigureAwait(false);
        }
        finally
        {
            _round.Release();
        }
    }

    public override void Dispose()
    {
        _round.Dispose();
        base.Dispose();
    }

    private async Task<PrefetchOrder?> RoundAsync()
    {
        if (planner.PlanPrefetch() is not { } planned)
        {
            return null;
        }

        var (order, reason) = planned;
        events.Prefetching(order.Model, cache.BytesOf(order.Model), reason, [.. order.Evictions.Select(e => e.Value)]);
        var outcome = await executor.PrefetchAsync(order).ConfigureAwait(false);
        var result = outcome switch
        {
            CacheOutcome.Loaded => "ok",
            CacheOutcome.Conflict => "conflict",
            _ => "failed",
        };
        metrics.Prefetches.Add(1, order.Model, result);
        logger.LogDebug("prefetch of {Model}: {Result} ({Reason})", order.Model, result, reason);
        return order;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RunOnceAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && !stoppingToken.IsCancellationRequested)
                {
                    // A failed round must not stop the gateway (a background service's exception would); the next may work.
                    logger.LogWarning("prefetch round failed: {Message}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
