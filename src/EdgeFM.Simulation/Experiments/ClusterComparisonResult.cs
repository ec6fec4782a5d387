namespace EdgeFM.Simulation.Experiments;

/// <summary>The result of a cluster comparison: one experiment per <see cref="ClusterVariant"/>, in order.</summary>
/// <param name="Points">Each variant with its experiment (every policy × every run).</param>
/// <param name="Runs">Runs (seeds) per policy and variant.</param>
/// <param name="Seed">The first seed; run i used seed + i in every variant.</param>
public sealed record ClusterComparisonResult(IReadOnlyList<(ClusterVariant Variant, ExperimentResult Result)> Points, int Runs, int Seed)
{
    /// <summary>Runs the variants of <paramref name="scenario"/> one after another, each on all cores (<see cref="ExperimentRunner"/>).</summary>
    public static ClusterComparisonResult Run(Core.Caching.CachePolicyFactory? factory, Scenarios.Scenario scenario, IReadOnlyList<string> policies, int runs, int seed, CancellationToken cancellationToken = default)
    {
        var points = new List<(ClusterVariant, ExperimentResult)>();
        foreach (var variant in ClusterVariant.Expand(scenario))
        {
            points.Add((variant, ExperimentRunner.Run(variant.Scenario, policies, runs, seed, factory, cancellationToken: cancellationToken)));
        }

        return new ClusterComparisonResult(points, runs, seed);
    }
}
