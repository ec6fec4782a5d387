namespace EdgeFM.Core.Topology;

/// <summary>The cloud: always able to serve any model, at a latency and a price per request.</summary>
/// <param name="LatencySeconds">End-to-end latency of a cloud-served request, in seconds (≥ 0).</param>
/// <param name="PricePerRequest">Price of one cloud-served request, in cost units (≥ 0).</param>
public sealed record CloudSpec(double LatencySeconds, double PricePerRequest)
{
    /// <summary>Cost of one cloud-served request: price plus latency (one cost unit per second).</summary>
    public double CostPerRequest => PricePerRequest + LatencySeconds;
}
