using EdgeFM.Core.Caching;
using EdgeFM.Core.Context;
using EdgeFM.Core.Models;

namespace EdgeFM.Core.Tests;

/// <summary>A small catalog and cache for hand-made request sequences: capacity 10 GB; A, B 4 GB; C 8 GB; D 20 GB.</summary>
internal static class TestCatalog
{
    public const long GB = 1_000_000_000;

    public static ModelCatalog Create() => new(
    [
        Model("A", 4 * GB),
        Model("B", 4 * GB),
        Model("C", 8 * GB),
        Model("D", 20 * GB),
    ]);

    public static ModelSpec Model(string id, long bytes) => new()
    {
        Id = new ModelId(id),
        MemoryBytes = bytes,
        ComputePerRequestGflop = 10,
        LoadLatencySeconds = 2,
        LoadEnergyJoules = 100,
        ContextCapacity = 4,
    };

    public static SimulatedCache Cache(ModelCatalog catalog, double windowSeconds = 100, long capacity = 10 * GB) =>
        new(catalog, capacity, AgeOfContext.CreateDefault(windowSeconds, 0));
}
