using EdgeFM.Core.Caching;
using EdgeFM.Core.Cluster;
using EdgeFM.Core.Models;

namespace EdgeFM.Core.Tests.Caching;

/// <summary>A cluster view for policy tests: edge 0 is the given cache; other edges hold what the test says; request counts are set by the test.</summary>
internal sealed class TestCluster(ModelCatalog catalog, SimulatedCache local, int edges) : IClusterView
{
    private readonly HashSet<(int Edge, string Model)> _held = [];
    private readonly Dictionary<(int Edge, string Model), long> _counts = [];
    private int? _liveEdges;

    public int EdgeCount => edges;

    /// <summary>Edges alive (all of them unless a test takes peers down).</summary>
    public int LiveEdges { get => _liveEdges ?? edges; set => _liveEdges = value; }

    public int LocalEdge => 0;

    public void Hold(int edge, string model) => _held.Add((edge, model));

    public void AddRequests(int edge, string model, long count) =>
        _counts[(edge, model)] = _counts.GetValueOrDefault((edge, model)) + count;

    public bool Holds(int edge, ModelId model) => edge == 0 ? local.IndexOf(model) >= 0 : _held.Contains((edge, model.Value));

    public int Copies(ModelId model)
    {
        var copies = 0;
        for (var edge = 0; edge < edges; edge++)
        {
            copies += Holds(edge, model) ? 1 : 0;
        }

        return copies;
    }

    public long RequestCount(int edge, ModelId model) => catalog.OrdinalOf(model) < 0 ? 0 : _counts.GetValueOrDefault((edge, model.Value));

    public double QueueSeconds(int edge) => 0;
}
