namespace EdgeFM.Core.Cluster;

/// <summary>The network between edge servers: one latency and one bandwidth for every pair (a metro network).</summary>
/// <param name="LatencySeconds">One-way latency of a hop from one edge to another, in seconds (≥ 0).</param>
/// <param name="BandwidthBytesPerSecond">Bandwidth of a hop, in bytes per second (&gt; 0).</param>
public sealed record InterEdgeLink(double LatencySeconds, double BandwidthBytesPerSecond)
{
    /// <summary>Seconds to forward a request of <paramref name="payloadBytes"/> bytes to a peer edge: latency + bytes / bandwidth.</summary>
    public double HopSeconds(double payloadBytes) => LatencySeconds + (payloadBytes / BandwidthBytesPerSecond);
}
