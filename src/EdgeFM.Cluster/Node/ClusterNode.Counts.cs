using System.Collections.Concurrent;
using EdgeFM.Core.Models;

namespace EdgeFM.Cluster.Node;

/// <summary>
/// Cumulative request counts per (edge, model), the series a popularity forecast differences per period. This edge
/// counts its own requests exactly; other edges' counts come from the demand grains (each edge reports its own total
/// there) and are folded into a count that never decreases: the first value learned is the baseline (requests before
/// this edge watched are not demand of any period it forecasts), a larger value adds the difference, and a smaller one
/// means that edge restarted and counts from 0 again, so it adds the new value. A demand grain lost with its silo
/// only pauses the fold: it has the edge's total again at that edge's next request.
/// </summary>
public sealed partial class ClusterNode
{
    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _tracked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Node, string Model), WatchedCount> _watched = new();

    /// <inheritdoc />
    public long RequestCount(string node, ModelId model)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (string.Equals(node, Node, StringComparison.Ordinal))
        {
            return _requests.GetValueOrDefault(model.Value);
        }

        // Asked for once, fetched at every refresh from then on.
        _tracked.TryAdd(model.Value, 0);
        return _watched.TryGetValue((node, model.Value), out var watched) ? watched.Count : 0;
    }

    /// <summary>Folds <paramref name="reported"/>, an edge's latest own total, into the count watched so far (null: none yet).</summary>
    internal static WatchedCount Fold(WatchedCount? previous, long reported) => previous switch
    {
        null => new WatchedCount(reported, 0),
        { } p when reported >= p.LastReported => new WatchedCount(reported, p.Count + (reported - p.LastReported)),
        { } p => new WatchedCount(reported, p.Count + reported),
    };

    private void CountLocally(ModelId model) => _requests.AddOrUpdate(model.Value, 1, static (_, count) => count + 1);

    private void FoldTotals(string model, IReadOnlyDictionary<string, long> totals)
    {
        foreach (var (node, total) in totals)
        {
            if (!string.Equals(node, Node, StringComparison.Ordinal))
            {
                _watched.AddOrUpdate((node, model), static (_, total) => Fold(null, total), static (_, previous, total) => Fold(previous, total), total);
            }
        }
    }

    /// <summary>An edge's count for one model as watched from here.</summary>
    /// <param name="LastReported">The edge's own total last fetched.</param>
    /// <param name="Count">Requests counted since this edge first learned the total (never decreases).</param>
    internal readonly record struct WatchedCount(long LastReported, long Count);
}
