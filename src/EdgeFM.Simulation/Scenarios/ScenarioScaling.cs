using EdgeFM.Core.Models;
using EdgeFM.Core.Topology;

namespace EdgeFM.Simulation.Scenarios;

/// <summary>Builds larger scenarios from a base one: more servers, more models, more requests.</summary>
public static class ScenarioScaling
{
    /// <summary>Users generated per edge server in a scaled scenario.</summary>
    public const int UsersPerServer = 10;

    /// <summary>
    /// Scales <paramref name="scenario"/> to <paramref name="servers"/> servers (copies of the first, on a grid over an
    /// area that grows with √servers), <paramref name="models"/> models (the catalog repeated in order, ids suffixed
    /// "#k" after the first round, so popularity follows the same Zipf law) and <paramref name="requests"/> measured
    /// requests with no warm-up; 10 users per server.
    /// </summary>
    public static Scenario Scale(Scenario scenario, int servers, int models, long requests)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(servers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(models);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requests);
        var catalog = new List<ModelSpec>(models);
        for (var m = 0; m < models; m++)
        {
            var source = scenario.Catalog[m % scenario.Catalog.Count];
            var round = m / scenario.Catalog.Count;
            catalog.Add(round == 0 ? source : source with { Id = new ModelId($"{source.Id.Value}#{round + 1}") });
        }

        var side = (int)Math.Ceiling(Math.Sqrt(servers));
        var cellKm = scenario.Workload.AreaKm;
        var topology = new List<EdgeServerSpec>(servers);
        for (var s = 0; s < servers; s++)
        {
            topology.Add(scenario.Servers[0] with
            {
                Name = $"{scenario.Servers[0].Name}-{s + 1}",
                X = ((s % side) + 0.5) * cellKm,
                Y = ((s / side) + 0.5) * cellKm,
            });
        }

        return scenario with
        {
            Name = $"{scenario.Name}-x{servers}s{models}m",
            Catalog = new ModelCatalog(catalog),
            Servers = topology,
            Requests = requests,
            WarmupRequests = 0,
            DurationSeconds = 0,
            Trace = null,
            Workload = scenario.Workload with { Users = servers * UsersPerServer, AreaKm = side * cellKm, TracePath = null },
        };
    }
}
