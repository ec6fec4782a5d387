namespace EdgeFM.Simulation.Scenarios;

/// <summary>
/// A scenario's <c>compare</c> section: run the scenario at several cluster sizes, each with cooperation off and on.
/// For N edges, the first server entry is copied N times (names suffixed <c>-k</c>, placed on a grid) and the
/// workload's users are multiplied by N, so every edge keeps the load of the base scenario's one edge.
/// </summary>
/// <param name="Edges">Cluster sizes (each ≥ 1), in the order they are reported.</param>
/// <param name="Cooperation">Cooperation settings to run at each size (false = independent), in order.</param>
public sealed record ClusterComparison(IReadOnlyList<int> Edges, IReadOnlyList<bool> Cooperation);
