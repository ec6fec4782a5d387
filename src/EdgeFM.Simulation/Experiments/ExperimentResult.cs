namespace EdgeFM.Simulation.Experiments;

/// <summary>The result of an experiment: one summary per policy, in the order the policies were given.</summary>
/// <param name="Policies">The per-policy summaries.</param>
/// <param name="Runs">Runs (seeds) per policy.</param>
/// <param name="Seed">The first seed; run i used seed + i.</param>
public sealed record ExperimentResult(IReadOnlyList<PolicySummary> Policies, int Runs, int Seed);
