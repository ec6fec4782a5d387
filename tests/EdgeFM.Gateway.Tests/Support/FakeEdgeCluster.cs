using EdgeFM.Core.Cluster;
using EdgeFM.Core.Models;

namespace EdgeFM.Gateway.Tests.Support;

/// <summary>
/// An in-memory cluster as one gateway's node sees it, for tests without Orleans: this node's requests are counted as
/// <c>ClusterNode</c> counts them; the test plays the other nodes (alive or dead, what they hold, their request counts).
/// </summary>
public sealed class FakeEdgeCluster(string node) : IEdgeCluster
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Peer> _peers = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Node, string Model), long> _counts = [];
    private readonly Dictionary<string, Uri> _endpoints = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unreachable = new(StringComparer.Ordinal);
    private long _lookups;
    private NodeResidency _self = new([], 0, 0, 0);
    private IReadOnlyList<ClusterMember>? _members;

    public string Node => node;

    /// <summary>Sets <paramref name="peer"/>'s directory entry: alive or dead, holding <paramref name="loaded"/> loaded.</summary>
    public void SetPeer(string peer, bool alive, params string[] loaded)
    {
        lock (_gate)
        {
            _peers[peer] = new Peer(alive, [.. loaded.Select(m => new ModelId(m))]);
            _members = null;
        }
    }

    /// <summary>Makes <paramref name="peer"/>'s API reachable at <paramref name="endpoint"/> (its base URL, without <c>/v1</c>).</summary>
    public void SetEndpoint(string peer, Uri endpoint)
    {
        lock (_gate)
        {
            _endpoints[peer] = endpoint;
            _members = null;
        }
    }

    /// <summary>Peers this node has reported unreachable (<see cref="MarkUnreachable"/>), left out of <see cref="Replicas"/> as the real node does.</summary>
    public IReadOnlyCollection<string> Unreachable
    {
        get
        {
            lock (_gate)
            {
                return [.. _unreachable];
            }
        }
    }

    /// <summary>Removes <paramref name="peer"/> from the directory (as the directory drops a node declared dead).</summary>
    public void Drop(string peer)
    {
        lock (_gate)
        {
            _peers.Remove(peer);
            _members = null;
        }
    }

    /// <summary>Adds <paramref name="requests"/> to <paramref name="peer"/>'s count for <paramref name="model"/>.</summary>
    public void AddRequests(string peer, string model, long requests)
    {
        lock (_gate)
        {
            _counts[(peer, model)] = _counts.GetValueOrDefault((peer, model)) + requests;
        }
    }

    public IReadOnlyList<PeerReplica> Replicas(ModelId model)
    {
        lock (_gate)
        {
            _lookups++;
            return [.. _peers.Where(p => p.Value.Alive && p.Value.Loaded.Contains(model) && !_unreachable.Contains(p.Key)).Select(p => new PeerReplica(p.Key, Endpoint(p.Key), Report(model)))];
        }
    }

    public int Copies(ModelId model)
    {
        lock (_gate)
        {
            return (_self.Models.Any(m => m.Model == model && m.State == ReplicaState.Loaded) ? 1 : 0) + _peers.Values.Count(p => p.Alive && p.Loaded.Contains(model));
        }
    }

    public double Demand(ModelId model)
    {
        lock (_gate)
        {
            return _counts.Where(c => c.Key.Model == model.Value).Sum(c => c.Value);
        }
    }

    public long RequestCount(string edge, ModelId model)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault((edge, model.Value));
        }
    }

    public void RecordRequest(ModelId model, string? user) => AddRequests(node, model.Value, 1);

    public IReadOnlyList<ClusterMember> Members()
    {
        lock (_gate)
        {
            // The same list until the directory changes, as ClusterNode hands it out (EdgeClusterView relies on it).
            return _members ??=
            [
                new ClusterMember(node, Endpoint(node), true, _self),
                .. _peers.Select(p => new ClusterMember(p.Key, Endpoint(p.Key), p.Value.Alive, new NodeResidency([.. p.Value.Loaded.Select(Report)], 1000, 0, 0))),
            ];
        }
    }

    public void Report(NodeResidency residency)
    {
        lock (_gate)
        {
            _self = residency;
            _members = null;
        }
    }

    public void MarkUnreachable(string node, TimeSpan duration)
    {
        lock (_gate)
        {
            _unreachable.Add(node);
        }
    }

    /// <summary>The lookups counted, untimed: this in-memory directory does not time them (ClusterNode does).</summary>
    public LookupTimes LookupTimes()
    {
        lock (_gate)
        {
            return new(_lookups, 0, TimeSpan.Zero, TimeSpan.Zero);
        }
    }

    private Uri Endpoint(string name) => _endpoints.GetValueOrDefault(name) ?? new Uri($"http://{name}.invalid:1/");

    private static ReplicaReport Report(ModelId model) => new(model, ReplicaState.Loaded, 100, 0, 0);

    private sealed record Peer(bool Alive, HashSet<ModelId> Loaded);
}
