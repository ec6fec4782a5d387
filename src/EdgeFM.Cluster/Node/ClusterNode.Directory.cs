using System.Collections.Immutable;
using System.Runtime.InteropServices;
using EdgeFM.Cluster.Grains;
using EdgeFM.Core.Cluster;

namespace EdgeFM.Cluster.Node;

/// <summary>
/// The local copy of the directory in the form the request path reads it. Converted once per fetch (silo addresses
/// parsed, endpoints and replicas built), so a lookup for a request only filters by liveness and allocates nothing
/// but its result; <see cref="Members"/> is rebuilt only when the directory or the membership snapshot changed, and
/// returns the very same list until then (so a reader can tell nothing changed).
/// </summary>
public sealed partial class ClusterNode
{
    private Known _known = Known.Empty;
    private MembersCache? _members;

    /// <inheritdoc />
    public IReadOnlyList<Core.Cluster.ClusterMember> Members()
    {
        var known = Volatile.Read(ref _known);
        var snapshot = Volatile.Read(ref _membership)?.CurrentSnapshot;
        if (Volatile.Read(ref _members) is { } cached && ReferenceEquals(cached.Known, known) && ReferenceEquals(cached.Snapshot, snapshot))
        {
            return cached.Members;
        }

        var members = new Core.Cluster.ClusterMember[known.Entries.Length];
        for (var i = 0; i < members.Length; i++)
        {
            var entry = known.Entries[i];
            members[i] = new Core.Cluster.ClusterMember(entry.Node, entry.Endpoint, IsAlive(snapshot, entry.Silo), entry.Residency);
        }

        IReadOnlyList<Core.Cluster.ClusterMember> list = ImmutableCollectionsMarshal.AsImmutableArray(members);
        Volatile.Write(ref _members, new MembersCache(known, snapshot, list));
        return list;
    }

    /// <summary>Replaces the local copy with <paramref name="entries"/>, as just fetched.</summary>
    private void SetDirectory(ImmutableArray<DirectoryEntry> entries)
    {
        var known = new KnownEntry[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            var endpoint = new Uri(e.Endpoint);
            var reports = ImmutableArray.CreateRange(e.Models, ToReport);
            var loaded = reports.Where(r => r.State == ReplicaState.Loaded).Select(r => new PeerReplica(e.Node, endpoint, r)).ToImmutableArray();
            known[i] = new KnownEntry(e.Node, SiloAddress.FromParsableString(e.Silo), endpoint, new NodeResidency(reports, e.BudgetBytes, e.UsedBytes, e.QueueDepth), loaded);
        }

        Volatile.Write(ref _known, new Known(entries, ImmutableCollectionsMarshal.AsImmutableArray(known)));
    }

    private static bool IsAlive(ClusterMembershipSnapshot? snapshot, SiloAddress silo) =>
        snapshot is not null && snapshot.GetSiloStatus(silo) == SiloStatus.Active;

    /// <summary>One directory entry, converted: its replicas are its loaded models.</summary>
    private sealed record KnownEntry(string Node, SiloAddress Silo, Uri Endpoint, NodeResidency Residency, ImmutableArray<PeerReplica> Loaded);

    /// <summary>The directory as fetched and as converted, swapped together.</summary>
    private sealed record Known(ImmutableArray<DirectoryEntry> Raw, ImmutableArray<KnownEntry> Entries)
    {
        public static readonly Known Empty = new([], []);
    }

    /// <summary>The members built for one directory copy and one membership snapshot.</summary>
    private sealed record MembersCache(Known Known, ClusterMembershipSnapshot? Snapshot, IReadOnlyList<Core.Cluster.ClusterMember> Members);
}
