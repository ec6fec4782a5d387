namespace EdgeFM.Core.Costs;

/// <summary>
/// Weights that turn raw quantities into cost units. Each reported component is already weighted, so the system
/// cost is exactly the sum of the five components.
/// </summary>
public sealed record CostWeights
{
    /// <summary>Cost units per second of model-loading latency.</summary>
    public double SwitchingLatency { get; init; } = 1;

    /// <summary>Cost units per joule of model-loading energy.</summary>
    public double SwitchingEnergy { get; init; } = 0.001;

    /// <summary>Cost units per unit of inaccuracy (1 − A) of an edge-executed request.</summary>
    public double Accuracy { get; init; } = 1;

    /// <summary>Cost units per second of edge inference latency.</summary>
    public double InferenceLatency { get; init; } = 1;

    /// <summary>Cost units per second of user-to-edge offloading latency.</summary>
    public double OffloadingLatency { get; init; } = 1;

    /// <summary>Multiplier on the cloud's cost per request (price + latency).</summary>
    public double Cloud { get; init; } = 1;
}
