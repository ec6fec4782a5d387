using EdgeFM.Core.Cluster;
using EdgeFM.Core.Models;

namespace EdgeFM.Gateway.Cluster;

/// <summary>
/// The cluster as Core's cooperative cache policy reads it (<see cref="IClusterView"/>), over this gateway's
/// <see cref="IEdgeCluster"/>: the same policy class the simulator runs decides here.
/// </summary>
/// <remarks>
/// <para>
/// Edges are a fixed number of slots (<see cref="Slots"/>, which is <see cref="EdgeCount"/>), because the policy sizes
/// its per-edge forecasts once, while nodes join and die. Slot 0 is this edge; every other node gets the next free slot
/// the first time it appears alive in the directory and keeps it, so an index always means the same node and its
/// forecast history stays with it. A node that dies keeps its slot: it holds nothing and its count stops growing, so
/// its forecast decays to 0 within a few periods; if it comes back under the same name it continues there. Once every
/// slot is taken, a new node takes the slot of the node dead longest, continuing that slot's count (its own count is
/// added to the slot's last value), so the count a slot shows never decreases.
/// </para>
/// <para>
/// Holdings and queues are a snapshot taken by <see cref="Refresh"/>, which the planner calls (under its lock) before
/// each policy call, so one decision sees one cluster. This edge's holdings and queue are live (the cache and the
/// admission queues); other edges' are their last published directory entry, alive in membership only. Request counts
/// are read through on each call (<see cref="IEdgeCluster.RequestCount"/>, monotonic by contract). Not thread-safe;
/// used under the planner's lock.
/// </para>
/// </remarks>
public sealed class EdgeClusterView : IClusterView
{
    /// <summary>Edge slots: this edge and up to 63 others (more live peers than that are left out of the policy's view).</summary>
    public const int Slots = 64;

    private readonly IEdgeCluster _cluster;
    private readonly ModelCatalog _catalog;
    private readonly Func<ModelId, bool> _loadedHere;
    private readonly Func<int> _queueHere;
    private readonly Func<double> _secondsPerRequest;
    private readonly string?[] _nodes = new string?[Slots];
    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);
    private readonly HashSet<ModelId>[] _held = new HashSet<ModelId>[Slots];
    private readonly int[] _queue = new int[Slots];
    private readonly bool[] _alive = new bool[Slots];
    private readonly long[] _lastAlive = new long[Slots];
    private readonly long[] _offsets;
    private int _used = 1;
    private long _refreshes;
    private IReadOnlyList<ClusterMember>? _lastMembers;

    /// <summary>Creates the view of <paramref name="cluster"/> for a policy over <paramref name="catalog"/>.</summary>
    /// <param name="cluster">This gateway's node.</param>
    /// <param name="catalog">The models the policy knows, in its order.</param>
    /// <param name="loadedHere">True when this edge's cache holds a model loaded (the live cache, not the published copy).</param>
    /// <param name="queueHere">Requests admitted at this edge now (running and waiting).</param>
    /// <param name="secondsPerRequest">Expected seconds of one edge request (this edge's measured mean).</param>
    public EdgeClusterView(IEdgeCluster cluster, ModelCatalog catalog, Func<ModelId, bool> loadedHere, Func<int> queueHere, Func<double> secondsPerRequest)
    {
        _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _loadedHere = loadedHere ?? throw new ArgumentNullException(nameof(loadedHere));
        _queueHere = queueHere ?? throw new ArgumentNullException(nameof(queueHere));
        _secondsPerRequest = secondsPerRequest ?? throw new ArgumentNullException(nameof(secondsPerRequest));
        _offsets = new long[Slots * catalog.Count];
        for (var i = 0; i < Slots; i++)
        {
            _held[i] = [];
        }

        _nodes[0] = cluster.Node;
        _slotOf[cluster.Node] = 0;
    }

    /// <inheritdoc />
    public int EdgeCount => Slots;

    /// <inheritdoc />
    public int LiveEdges { get; private set; } = 1;

    /// <inheritdoc />
    public int LocalEdge => 0;

    /// <summary>The node in slot <paramref name="edge"/>, or null for a slot no node has taken.</summary>
    public string? NodeAt(int edge) => _nodes[edge];

    /// <summary>Takes a snapshot of the other edges' holdings and queues, giving new live nodes a slot.</summary>
    public void Refresh()
    {
        // The node hands out the same member list until its directory copy or membership changes; the snapshot taken
        // from it then would be the same, so a decision between two directory fetches costs no rebuild.
        var members = _cluster.Members();
        if (ReferenceEquals(members, _lastMembers))
        {
            return;
        }

        _lastMembers = members;
        _refreshes++;
        for (var slot = 1; slot < _used; slot++)
        {
            _held[slot].Clear();
            _queue[slot] = 0;
            _alive[slot] = false;
        }

        var live = 1;
        foreach (var member in members)
        {
            if (!member.Alive || string.Equals(member.Node, _cluster.Node, StringComparison.Ordinal) || SlotFor(member.Node) is not { } slot)
            {
                continue;
            }

            _alive[slot] = true;
            live++;
            _lastAlive[slot] = _refreshes;
            _queue[slot] = member.Residency.QueueDepth;
            foreach (var replica in member.Residency.Models)
            {
                if (replica.State == ReplicaState.Loaded)
                {
                    _held[slot].Add(replica.Model);
                }
            }
        }

        LiveEdges = live;
    }

    /// <inheritdoc />
    public bool Holds(int edge, ModelId model) => edge == 0 ? _loadedHere(model) : _held[edge].Contains(model);

    /// <inheritdoc />
    public int Copies(ModelId model)
    {
        var copies = _loadedHere(model) ? 1 : 0;
        for (var slot = 1; slot < _used; slot++)
        {
            if (_held[slot].Contains(model))
            {
                copies++;
            }
        }

        return copies;
    }

    /// <inheritdoc />
    public long RequestCount(int edge, ModelId model)
    {
        if (_nodes[edge] is not { } node)
        {
            return 0;
        }

        var ordinal = _catalog.OrdinalOf(model);
        var offset = ordinal < 0 ? 0 : _offsets[(edge * _catalog.Count) + ordinal];
        return offset + _cluster.RequestCount(node, model);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The requests admitted there (this edge's live count; another edge's as published) times this edge's mean
    /// measured seconds per edge request: an upper bound, as it ignores parallel generation slots.
    /// </remarks>
    public double QueueSeconds(int edge) => (edge == 0 ? _queueHere() : _queue[edge]) * _secondsPerRequest();

    /// <summary>The slot of <paramref name="node"/>, taking a free one or the one dead longest; null when every slot is alive.</summary>
    private int? SlotFor(string node)
    {
        if (_slotOf.TryGetValue(node, out var known))
        {
            return known;
        }

        int slot;
        if (_used < Slots)
        {
            slot = _used++;
        }
        else
        {
            slot = -1;
            for (var candidate = 1; candidate < Slots; candidate++)
            {
                if (!_alive[candidate] && (slot < 0 || _lastAlive[candidate] < _lastAlive[slot]))
                {
                    slot = candidate;
                }
            }

            if (slot < 0)
            {
                return null;
            }

            // The newcomer continues the slot's counts, so what the policy differences never goes down.
            for (var ordinal = 0; ordinal < _catalog.Count; ordinal++)
            {
                var model = _catalog[ordinal].Id;
                _offsets[(slot * _catalog.Count) + ordinal] = RequestCount(slot, model) - _cluster.RequestCount(node, model);
            }

            _slotOf.Remove(_nodes[slot]!);
        }

        _nodes[slot] = node;
        _slotOf[node] = slot;
        return slot;
    }
}
