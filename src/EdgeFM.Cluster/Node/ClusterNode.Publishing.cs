using EdgeFM.Cluster.Grains;
using EdgeFM.Core.Cluster;
using Microsoft.Extensions.Logging;

namespace EdgeFM.Cluster.Node;

public sealed partial class ClusterNode
{
    private IGrainFactory? _grains;
    private string _silo = string.Empty;

    /// <summary>
    /// Publishes this node's residency and demand, claims new users' homes and refreshes the local copies, at once
    /// after each <see cref="Report"/> and at least every publish interval, until <paramref name="cancellationToken"/>
    /// fires; then removes this node from the directory (a graceful leave). A failed round is logged and retried next
    /// round: the cluster may be re-forming after a node's death.
    /// </summary>
    internal async Task RunAsync(IGrainFactory grains, IClusterMembershipService membership, ILocalSiloDetails silo, ILogger logger, CancellationToken cancellationToken)
    {
        _grains = grains;
        _silo = silo.SiloAddress.ToParsableString();
        Volatile.Write(ref _membership, membership);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await SyncOnceAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
            {
                LogSyncFailed(logger, ex.Message);
            }

            try
            {
                await _changed.WaitAsync(_settings.Timing.PublishInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        try
        {
            using var leave = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await grains.GetGrain<IModelDirectoryGrain>(IModelDirectoryGrain.Key).RemoveAsync(Node).WaitAsync(leave.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogSyncFailed(logger, "leaving: " + ex.Message);
        }
    }

    /// <summary>
    /// One round: publish, push demand deltas (with this edge's cumulative counts), claim homes, fetch the directory and
    /// the demand of known models (in any directory entry, asked for here, or counted here).
    /// </summary>
    internal async Task SyncOnceAsync()
    {
        var grains = _grains ?? throw new InvalidOperationException("The node has not joined the cluster yet.");
        var residency = Volatile.Read(ref _residency);
        var directory = grains.GetGrain<IModelDirectoryGrain>(IModelDirectoryGrain.Key);
        await directory.PublishAsync(ToEntry(residency)).ConfigureAwait(false);

        foreach (var model in _pendingDemand.Keys.ToList())
        {
            if (_pendingDemand.TryRemove(model, out var count) && count > 0)
            {
                await grains.GetGrain<IModelDemandGrain>(model).AddAsync(Node, count, _requests.GetValueOrDefault(model)).ConfigureAwait(false);
            }
        }

        while (_newUsers.TryDequeue(out var user))
        {
            if (!_homes.ContainsKey(user))
            {
                _homes[user] = await grains.GetGrain<IUserHomeGrain>(user).ClaimAsync(Node, _silo).ConfigureAwait(false);
            }
        }

        var entries = await directory.SnapshotAsync().ConfigureAwait(false);
        SetDirectory(entries);
        var known = entries.SelectMany(e => e.Models.Select(m => m.Model)).Concat(_demand.Keys).Concat(_tracked.Keys).Concat(_requests.Keys).Distinct(StringComparer.Ordinal).ToList();
        var totals = await Task.WhenAll(known.Select(m => grains.GetGrain<IModelDemandGrain>(m).GetAsync())).ConfigureAwait(false);
        for (var i = 0; i < known.Count; i++)
        {
            _demand[known[i]] = totals[i].Total;
            FoldTotals(known[i], totals[i].Totals);
        }
    }

    private DirectoryEntry ToEntry(NodeResidency residency) => new(
        Node,
        _silo,
        _settings.Endpoint.ToString(),
        [.. residency.Models.Select(m => new DirectoryModel(m.Model.Value, m.State == ReplicaState.Loading, m.Bytes, m.ContextValue, m.QueueDepth))],
        residency.BudgetBytes,
        residency.UsedBytes,
        residency.QueueDepth,
        _time.GetUtcNow());

    [LoggerMessage(Level = LogLevel.Warning, Message = "cluster sync failed (retrying): {Reason}")]
    private static partial void LogSyncFailed(ILogger logger, string reason);
}
