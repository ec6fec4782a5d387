using EdgeFM.Core.Caching;
using EdgeFM.Core.Cluster;
using EdgeFM.Core.Models;

namespace EdgeFM.Simulation;

/// <summary>
/// The simulator's <see cref="IClusterView"/> over a run's caches: copies per model (kept up to date by the run on
/// every load and eviction), request counts from each edge's own counts, and each edge's queue as the time its
/// accelerator is busy until (loads and inferences run one after another).
/// </summary>
internal sealed class SimulatedCluster : IClusterView
{
    private readonly ModelCatalog _catalog;
    private readonly SimulatedCache[] _caches;
    private readonly int[] _copies;
    private readonly double[] _busyUntil;

    public SimulatedCluster(ModelCatalog catalog, SimulatedCache[] caches)
    {
        _catalog = catalog;
        _caches = caches;
        _copies = new int[catalog.Count];
        _busyUntil = new double[caches.Length];
    }

    public int EdgeCount => _caches.Length;

    public int LiveEdges => _caches.Length;

    public int LocalEdge { get; set; }

    /// <summary>The current simulated time, in seconds: queues are measured from it.</summary>
    public double Now { get; set; }

    public bool Holds(int edge, ModelId model)
    {
        var ordinal = _catalog.OrdinalOf(model);
        return ordinal >= 0 && _caches[edge].IndexOfOrdinal(ordinal) >= 0;
    }

    public int Copies(ModelId model)
    {
        var ordinal = _catalog.OrdinalOf(model);
        return ordinal < 0 ? 0 : _copies[ordinal];
    }

    public long RequestCount(int edge, ModelId model)
    {
        var ordinal = _catalog.OrdinalOf(model);
        return ordinal < 0 ? 0 : _caches[edge].RequestCountOfOrdinal(ordinal);
    }

    public double QueueSeconds(int edge) => Math.Max(0, _busyUntil[edge] - Now);

    /// <summary>Copies of the model with catalog ordinal <paramref name="ordinal"/>.</summary>
    public int CopiesOfOrdinal(int ordinal) => _copies[ordinal];

    /// <summary>Records a load (+1) or an eviction (−1) of the model with catalog ordinal <paramref name="ordinal"/>.</summary>
    public void CountCopy(int ordinal, int change) => _copies[ordinal] += change;

    /// <summary>Occupies <paramref name="edge"/>'s accelerator for <paramref name="seconds"/> from now or from when it frees up.</summary>
    public void Occupy(int edge, double seconds) => _busyUntil[edge] = Math.Max(_busyUntil[edge], Now) + seconds;
}
