using System.Globalization;
using EdgeFM.Core.Topology;
using EdgeFM.Simulation.Scenarios;

namespace EdgeFM.Simulation.Experiments;

/// <summary>One point of a <see cref="ClusterComparison"/>: the scenario at <see cref="Edges"/> edges with cooperation on or off.</summary>
/// <param name="Edges">Number of edges.</param>
/// <param name="Cooperation">Whether the edges cooperate.</param>
/// <param name="Scenario">The expanded scenario (no <c>compare</c> section).</param>
public sealed record ClusterVariant(int Edges, bool Cooperation, Scenario Scenario)
{
    /// <summary>"N edge(s), independent" or "N edges, cooperating".</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Edges} edge{(Edges == 1 ? string.Empty : "s")}, {(Cooperation ? "cooperating" : "independent")}");

    /// <summary>
    /// The variants of <paramref name="scenario"/>'s <c>compare</c> section, sizes outer and cooperation inner, in the
    /// order given. At N edges the first server is copied N times (names suffixed <c>-k</c>, spread on a grid over
    /// the area) and the users, measured requests and warm-up requests are multiplied by N, so each edge carries the
    /// base scenario's load for as long. Throws <see cref="ArgumentException"/> when the scenario has no such section.
    /// </summary>
    public static IReadOnlyList<ClusterVariant> Expand(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var compare = scenario.Compare ?? throw new ArgumentException($"Scenario '{scenario.Name}' has no 'compare' section.", nameof(scenario));
        var variants = new List<ClusterVariant>();
        foreach (var edges in compare.Edges)
        {
            var servers = new List<EdgeServerSpec>(edges);
            var side = (int)Math.Ceiling(Math.Sqrt(edges));
            var cell = scenario.Workload.AreaKm / side;
            var template = scenario.Servers[0];
            for (var k = 0; k < edges; k++)
            {
                servers.Add(template with
                {
                    Name = edges == 1 ? template.Name : string.Create(CultureInfo.InvariantCulture, $"{template.Name}-{k + 1}"),
                    X = ((k % side) + 0.5) * cell,
                    Y = ((k / side) + 0.5) * cell,
                });
            }

            foreach (var cooperation in compare.Cooperation)
            {
                var variant = scenario with
                {
                    Name = string.Create(CultureInfo.InvariantCulture, $"{scenario.Name}-{edges}e-{(cooperation ? "coop" : "indep")}"),
                    Compare = null,
                    Servers = servers,
                    Requests = scenario.Requests * edges,
                    WarmupRequests = scenario.WarmupRequests * edges,
                    Workload = scenario.Workload with { Users = scenario.Workload.Users * edges },
                    Cluster = scenario.Cluster with { Cooperation = cooperation },
                };
                variants.Add(new ClusterVariant(edges, cooperation, variant));
            }
        }

        return variants;
    }
}
