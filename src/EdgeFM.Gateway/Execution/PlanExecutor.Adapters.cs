using EdgeFM.Gateway.Cache;
using EdgeFM.Gateway.Planning;

namespace EdgeFM.Gateway.Execution;

public sealed partial class PlanExecutor
{
    /// <summary>
    /// Leases an edge destination's entry: the model itself, or, with an adapter, the base model first (loaded after
    /// the plan's evictions if needed, or waited for while it loads, without a lease) and then the adapter over it,
    /// after the adapter's own evictions; the adapter's lease holds the base. When the base is evicted between the two
    /// steps the cache answers <see cref="CacheOutcome.ParentNotLoaded"/> and the request is planned again.
    /// </summary>
    private async Task<CacheAcquisition> AcquireAsync(Destination destination, CancellationToken cancellationToken)
    {
        if (destination.Adapter is not { } adapter)
        {
            return await cache.AcquireAsync(destination.Model, destination.Evictions, cancellationToken).ConfigureAwait(false);
        }

        var parent = await cache.LoadAsync(destination.Model, destination.Evictions, cancellationToken).ConfigureAwait(false);
        return parent.Outcome == CacheOutcome.Loaded
            ? await cache.AcquireAsync(adapter.Id, adapter.Evictions, cancellationToken).ConfigureAwait(false)
            : parent;
    }
}
