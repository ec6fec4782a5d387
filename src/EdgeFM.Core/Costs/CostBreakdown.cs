namespace EdgeFM.Core.Costs;

/// <summary>
/// Accumulated costs of a run (already weighted, in cost units) and request counts. A mutable struct so a
/// simulator can accumulate without allocating; copy it to snapshot.
/// </summary>
public struct CostBreakdown
{
    /// <summary>Cost of loading models (latency and energy).</summary>
    public double Switching;

    /// <summary>Total accuracy cost, Σ (1 − A(V)) over edge-executed requests.</summary>
    public double Accuracy;

    /// <summary>Total edge inference latency cost.</summary>
    public double Inference;

    /// <summary>Total user-to-edge offloading latency cost (edge-executed requests only).</summary>
    public double Offloading;

    /// <summary>Total cloud cost (cloud-executed requests only).</summary>
    public double Cloud;

    /// <summary>Requests served (edge + cloud).</summary>
    public long Requests;

    /// <summary>Requests executed at an edge server.</summary>
    public long EdgeRequests;

    /// <summary>Models loaded into an edge server.</summary>
    public long Loads;

    /// <summary>Models evicted from an edge server.</summary>
    public long Evictions;

    /// <summary>The system cost: exactly the sum of the five components.</summary>
    public readonly double System => Switching + Accuracy + Inference + Offloading + Cloud;

    /// <summary>Accuracy cost per edge-executed request (0 when none ran at the edge).</summary>
    public readonly double AverageAccuracy => EdgeRequests == 0 ? 0 : Accuracy / EdgeRequests;

    /// <summary>Fraction in [0, 1] of requests executed at the edge (0 when there were none).</summary>
    public readonly double EdgeExecutionRatio => Requests == 0 ? 0 : (double)EdgeRequests / Requests;

    /// <summary>Adds another breakdown into this one (e.g. per-server totals into a run total).</summary>
    public void Add(CostBreakdown other)
    {
        Switching += other.Switching;
        Accuracy += other.Accuracy;
        Inference += other.Inference;
        Offloading += other.Offloading;
        Cloud += other.Cloud;
        Requests += other.Requests;
        EdgeRequests += other.EdgeRequests;
        Loads += other.Loads;
        Evictions += other.Evictions;
    }
}
