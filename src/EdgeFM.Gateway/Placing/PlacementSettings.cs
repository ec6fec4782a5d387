using EdgeFM.Core.Costs;
using EdgeFM.Core.Models;

namespace EdgeFM.Gateway.Placing;

/// <summary>The cost model a placement policy weighs edge against cloud with.</summary>
public sealed record PlacementSettings
{
    /// <summary>The policy (one of <see cref="PlacementPolicyNames"/>).</summary>
    public string Policy { get; init; } = PlacementPolicyNames.Cost;

    /// <summary>Core's weights: cost units per second of switching, inference and offloading latency, per unit of inaccuracy, and the multiplier on the cloud's cost.</summary>
    public CostWeights Weights { get; init; } = new();

    /// <summary>Accuracy of the edge models as a function of their context value (the cloud's answers count as fully accurate, as in Core).</summary>
    public AccuracyCurve EdgeAccuracy { get; init; } = new(0.8, 0.05, 1);

    /// <summary>Price of one cloud request, in cost units (≥ 0).</summary>
    public double CloudPricePerRequest { get; init; } = 0.5;

    /// <summary>Seconds a cloud request is expected to take before any has been measured.</summary>
    public double CloudLatencySeconds { get; init; } = 1;

    /// <summary>Bandwidth of the user-to-edge link in bytes per second, for the offloading latency of a request's input.</summary>
    public double LinkBandwidthBytesPerSecond { get; init; } = 12_500_000;
}
