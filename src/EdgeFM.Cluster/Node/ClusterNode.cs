using System.Collections.Concurrent;
using System.Collections.Immutable;
using EdgeFM.Cluster.Grains;
using EdgeFM.Cluster.Hosting;
using EdgeFM.Core.Cluster;
using EdgeFM.Core.Models;

namespace EdgeFM.Cluster.Node;

/// <summary>
/// One gateway's side of the cluster: its copy of the directory and of the demand counts (read by the planner for
/// every request, so never a grain call on the request path), and the queue of what it has to tell the cluster.
/// <see cref="ClusterNodeService"/> publishes and refreshes in the background. A peer is offered only while
/// Orleans' membership (this silo's view of it, read at each call) sees its silo as active, so no request is routed to
/// a node once its death is detected.
/// </summary>
public sealed partial class ClusterNode : IEdgeCluster
{
    private readonly EdgeClusterSettings _settings;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, double> _pendingDemand = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _demand = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _unreachableUntil = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _homes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _newUsers = new();
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly LookupTimer _lookups = new();
    private NodeResidency _residency = new([], 0, 0, 0);
    private IClusterMembershipService? _membership;

    /// <summary>Creates the node; it reads and publishes nothing until the silo has started (see <see cref="ClusterNodeService"/>).</summary>
    public ClusterNode(EdgeClusterSettings settings, TimeProvider time)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <inheritdoc />
    public string Node => _settings.Node;

    /// <summary>The settings this node joined with.</summary>
    public EdgeClusterSettings Settings => _settings;

    /// <summary>The directory as last fetched (alive nodes only, this one included).</summary>
    public ImmutableArray<DirectoryEntry> Directory => Volatile.Read(ref _known).Raw;

    /// <summary>Users' home edges this node has learned (key: the user's hash).</summary>
    public IReadOnlyDictionary<string, string> Homes => _homes;

    /// <inheritdoc />
    public IReadOnlyList<PeerReplica> Replicas(ModelId model)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return FindReplicas(model);
        }
        finally
        {
            _lookups.Record(started);
        }
    }

    /// <inheritdoc />
    public LookupTimes LookupTimes() => _lookups.Read();

    private IReadOnlyList<PeerReplica> FindReplicas(ModelId model)
    {
        List<PeerReplica>? replicas = null;
        var now = _time.GetUtcNow();
        var snapshot = Volatile.Read(ref _membership)?.CurrentSnapshot;
        foreach (var entry in Volatile.Read(ref _known).Entries)
        {
            if (entry.Loaded.IsEmpty || string.Equals(entry.Node, Node, StringComparison.Ordinal) || !IsAlive(snapshot, entry.Silo)
                || (_unreachableUntil.TryGetValue(entry.Node, out var until) && until > now))
            {
                continue;
            }

            foreach (var replica in entry.Loaded)
            {
                if (replica.Replica.Model == model)
                {
                    (replicas ??= []).Add(replica);
                }
            }
        }

        return replicas ?? (IReadOnlyList<PeerReplica>)[];
    }

    /// <inheritdoc />
    public int Copies(ModelId model)
    {
        var copies = Volatile.Read(ref _residency).Models.Any(m => m.State == ReplicaState.Loaded && m.Model == model) ? 1 : 0;
        var snapshot = Volatile.Read(ref _membership)?.CurrentSnapshot;
        foreach (var entry in Volatile.Read(ref _known).Entries)
        {
            if (!string.Equals(entry.Node, Node, StringComparison.Ordinal) && IsAlive(snapshot, entry.Silo) && entry.Loaded.Any(r => r.Replica.Model == model))
            {
                copies++;
            }
        }

        return copies;
    }

    /// <inheritdoc />
    public double Demand(ModelId model) => _demand.GetValueOrDefault(model.Value) + _pendingDemand.GetValueOrDefault(model.Value);

    /// <inheritdoc />
    public void RecordRequest(ModelId model, string? user)
    {
        _pendingDemand.AddOrUpdate(model.Value, 1, static (_, count) => count + 1);
        CountLocally(model);
        if (user is not null && _newUsers.Count < 1024)
        {
            var key = UserKey(user);
            if (!_homes.ContainsKey(key))
            {
                _newUsers.Enqueue(key);
            }
        }
    }

    /// <inheritdoc />
    public void Report(NodeResidency residency)
    {
        Volatile.Write(ref _residency, residency ?? throw new ArgumentNullException(nameof(residency)));
        Signal();
    }

    /// <inheritdoc />
    public void MarkUnreachable(string node, TimeSpan duration) => _unreachableUntil[node] = _time.GetUtcNow() + duration;

    /// <summary>A stable, non-reversible key for a user id (FNV-1a 64), so grains never hold the id itself.</summary>
    internal static string UserKey(string user)
    {
        var hash = 14695981039346656037ul;
        foreach (var c in user)
        {
            hash = (hash ^ c) * 1099511628211ul;
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ReplicaReport ToReport(DirectoryModel held) =>
        new(new ModelId(held.Model), held.Loading ? ReplicaState.Loading : ReplicaState.Loaded, held.Bytes, held.ContextValue, held.QueueDepth);

    private void Signal()
    {
        try
        {
            _changed.Release();
        }
        catch (SemaphoreFullException)
        {
            // A publish is already due; one is enough.
        }
    }
}
