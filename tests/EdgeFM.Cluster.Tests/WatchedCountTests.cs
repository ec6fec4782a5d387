using EdgeFM.Cluster.Node;

namespace EdgeFM.Cluster.Tests;

/// <summary>Another edge's cumulative request count, as this edge folds what it fetches: never decreasing.</summary>
public sealed class WatchedCountTests
{
    [Fact]
    public void The_first_total_is_the_baseline_growth_adds_and_a_restart_counts_from_zero()
    {
        var watched = ClusterNode.Fold(null, 40);
        Assert.Equal(0, watched.Count); // requests before this edge watched are no period's demand

        watched = ClusterNode.Fold(watched, 47);
        Assert.Equal(7, watched.Count);
        watched = ClusterNode.Fold(watched, 47);
        Assert.Equal(7, watched.Count);

        // The edge restarted (its own count starts again at 0) and has seen 3 requests since.
        watched = ClusterNode.Fold(watched, 3);
        Assert.Equal(10, watched.Count);
        watched = ClusterNode.Fold(watched, 5);
        Assert.Equal(12, watched.Count);
    }
}
