namespace EdgeFM.Core.Topology;

/// <summary>An edge server: accelerator memory, compute and the link its users reach it over.</summary>
public sealed record EdgeServerSpec
{
    /// <summary>The server's name.</summary>
    public required string Name { get; init; }

    /// <summary>Accelerator (GPU) memory for models, in bytes (&gt; 0).</summary>
    public required long MemoryCapacityBytes { get; init; }

    /// <summary>Compute rate, in GFLOP per second (&gt; 0).</summary>
    public required double ComputeGflopPerSecond { get; init; }

    /// <summary>Energy per unit of compute, in joules per GFLOP (≥ 0); reported, not part of the system cost.</summary>
    public double EnergyJoulesPerGflop { get; init; }

    /// <summary>One-way latency of the user-to-edge link, in seconds (≥ 0).</summary>
    public double LinkLatencySeconds { get; init; }

    /// <summary>Bandwidth of the user-to-edge link, in bytes per second (&gt; 0).</summary>
    public double LinkBandwidthBytesPerSecond { get; init; } = 12_500_000;

    /// <summary>Location on a plane, in kilometres; users attach to the nearest server.</summary>
    public double X { get; init; }

    /// <summary>Location on a plane, in kilometres.</summary>
    public double Y { get; init; }

    /// <summary>Seconds to offload a request of <paramref name="payloadBytes"/> bytes from the user to this server.</summary>
    public double OffloadingLatency(double payloadBytes) => LinkLatencySeconds + (payloadBytes / LinkBandwidthBytesPerSecond);

    /// <summary>Seconds this server needs for <paramref name="gflop"/> GFLOP of compute.</summary>
    public double InferenceLatency(double gflop) => gflop / ComputeGflopPerSecond;
}
