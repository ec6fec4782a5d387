using EdgeFM.Core.Costs;
using EdgeFM.Core.Models;
using EdgeFM.Core.Topology;

namespace EdgeFM.Simulation.Scenarios;

/// <summary>A complete, validated simulation scenario: models, servers, cloud, workload, context, weights, policies.</summary>
public sealed record Scenario
{
    /// <summary>The scenario's name.</summary>
    public string Name { get; init; } = "scenario";

    /// <summary>Base seed; run i uses seed <c>Seed + i</c>.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Number of runs (seeds) per policy (≥ 1).</summary>
    public int Runs { get; init; } = 1;

    /// <summary>Stop after this many requests (0 = no limit; at least one of this and <see cref="DurationSeconds"/> is set).</summary>
    public long Requests { get; init; }

    /// <summary>
    /// Requests simulated before measurement starts and not counted in any result (the warm-up transient), so every
    /// policy is measured in its own steady state (0 = measure from the first request).
    /// </summary>
    public long WarmupRequests { get; init; }

    /// <summary>Stop at this simulated time, in seconds (0 = no limit).</summary>
    public double DurationSeconds { get; init; }

    /// <summary>Whether each server starts with the most popular models that fit already loaded (uncharged).</summary>
    public bool WarmStart { get; init; } = true;

    /// <summary>Policies to compare, by name.</summary>
    public IReadOnlyList<string> Policies { get; init; } = ["LC"];

    /// <summary>The model catalog; catalog order is popularity rank.</summary>
    public required ModelCatalog Catalog { get; init; }

    /// <summary>The edge servers.</summary>
    public required IReadOnlyList<EdgeServerSpec> Servers { get; init; }

    /// <summary>The cloud.</summary>
    public required CloudSpec Cloud { get; init; }

    /// <summary>Cost weights.</summary>
    public CostWeights Weights { get; init; } = new();

    /// <summary>Age-of-Context parameters.</summary>
    public ContextSettings Context { get; init; } = new();

    /// <summary>Request generation.</summary>
    public WorkloadSettings Workload { get; init; } = new();

    /// <summary>How the edge servers work together: independent (the default) or cooperating.</summary>
    public ClusterSettings Cluster { get; init; } = new();

    /// <summary>Cluster sizes and cooperation settings to compare (the <c>compare</c> section), or null for one plain run.</summary>
    public ClusterComparison? Compare { get; init; }

    /// <summary>A trace replayed instead of generated requests, already loaded (null to generate).</summary>
    public Workloads.Trace? Trace { get; init; }
}
