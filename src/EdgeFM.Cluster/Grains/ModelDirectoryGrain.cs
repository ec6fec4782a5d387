using System.Collections.Immutable;
using EdgeFM.Cluster.Hosting;

namespace EdgeFM.Cluster.Grains;

/// <summary>
/// The directory grain. Liveness comes from Orleans' cluster membership (the silo status of each entry's silo), never
/// from a membership of our own: an entry whose silo is not active is dropped; an entry not republished within the
/// entry lifetime (a node alive in membership whose gateway stopped publishing) is left out until it publishes again.
/// </summary>
internal sealed class ModelDirectoryGrain(IClusterMembershipService membership, EdgeClusterTiming timing, TimeProvider time) : Grain, IModelDirectoryGrain
{
    private readonly Dictionary<string, DirectoryEntry> _entries = new(StringComparer.Ordinal);

    public Task PublishAsync(DirectoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Alive(entry))
        {
            _entries[entry.Node] = entry;
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(string node)
    {
        _entries.Remove(node);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<DirectoryEntry>> SnapshotAsync()
    {
        var now = time.GetUtcNow();
        var result = ImmutableArray.CreateBuilder<DirectoryEntry>(_entries.Count);
        foreach (var entry in _entries.Values.ToList())
        {
            if (!Alive(entry))
            {
                _entries.Remove(entry.Node);
            }
            else if (now - entry.PublishedAt <= timing.EntryLifetime)
            {
                result.Add(entry);
            }
        }

        return Task.FromResult(result.ToImmutable());
    }

    private bool Alive(DirectoryEntry entry) =>
        membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(entry.Silo)) == SiloStatus.Active;
}
