using System.Collections.Immutable;

namespace EdgeFM.Cluster.Grains;

/// <summary>
/// The cluster's model directory: which edge holds which model (state, bytes, Age-of-Context value, queue depth).
/// One activation for the whole cluster (key <see cref="Key"/>); its state is soft: every edge republishes
/// periodically, so a directory reactivated on another silo after a failure heals within one publish period.
/// </summary>
[Alias("edgefm.IModelDirectoryGrain")]
public interface IModelDirectoryGrain : IGrainWithStringKey
{
    /// <summary>The key of the one directory activation.</summary>
    const string Key = "cluster";

    /// <summary>Replaces what <paramref name="entry"/>'s node published before.</summary>
    [Alias("Publish")]
    Task PublishAsync(DirectoryEntry entry);

    /// <summary>Removes a node that leaves the cluster on purpose.</summary>
    [Alias("Remove")]
    Task RemoveAsync(string node);

    /// <summary>
    /// The entries of nodes whose silo the cluster's membership sees as active and whose last publish is younger than
    /// the entry lifetime; entries of dead silos are dropped for good.
    /// </summary>
    [Alias("Snapshot")]
    Task<ImmutableArray<DirectoryEntry>> SnapshotAsync();
}
