using EdgeFM.Core.Models;
using EdgeFM.Core.Topology;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Simulation.Tests;

/// <summary>Small scenarios built in code for tests.</summary>
internal static class TestScenarios
{
    public const long GB = 1_000_000_000;

    public static Scenario Small(int servers = 2, int models = 5, long capacityGb = 20, long requests = 2_000, double zipf = 0.8, bool warmStart = false)
    {
        var specs = new List<ModelSpec>();
        for (var m = 0; m < models; m++)
        {
            specs.Add(new ModelSpec
            {
                Id = new ModelId($"m{m}"),
                MemoryBytes = (4 + (m * 5 % 17)) * GB,
                ComputePerRequestGflop = 1000 + (m * 300),
                LoadLatencySeconds = 0.5 + (0.1 * m),
                LoadEnergyJoules = 100,
                ContextCapacity = 4 + m,
                Accuracy = new AccuracyCurve(0.3, 0.05, 1.5),
            });
        }

        var serverSpecs = new List<EdgeServerSpec>();
        for (var s = 0; s < servers; s++)
        {
            serverSpecs.Add(new EdgeServerSpec
            {
                Name = $"e{s}",
                MemoryCapacityBytes = capacityGb * GB,
                ComputeGflopPerSecond = 100_000,
                LinkLatencySeconds = 0.005,
                X = s,
                Y = 0,
            });
        }

        return new Scenario
        {
            Name = "test",
            Requests = requests,
            WarmStart = warmStart,
            Catalog = new ModelCatalog(specs),
            Servers = serverSpecs,
            Cloud = new CloudSpec(0.02, 0.06),
            Workload = new WorkloadSettings { Users = 10, RatePerUser = 0.5, ZipfSkew = zipf, AreaKm = servers },
            Context = new ContextSettings { WindowSeconds = 60, TopicSharpness = 3 },
        };
    }
}
