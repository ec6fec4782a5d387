namespace EdgeFM.Simulation.Experiments;

/// <summary>A reported metric of a run, in the order of the paper's Table II, then the request counts.</summary>
public enum Metric
{
    /// <summary>Sum of the five cost components.</summary>
    SystemCost,

    /// <summary>Cost of loading models.</summary>
    SwitchingCost,

    /// <summary>Σ (1 − A) over edge-executed requests, weighted.</summary>
    TotalAccuracyCost,

    /// <summary>Total accuracy cost per edge-executed request.</summary>
    AverageAccuracyCost,

    /// <summary>Edge inference latency cost.</summary>
    InferenceLatency,

    /// <summary>User-to-edge offloading latency cost.</summary>
    OffloadingLatency,

    /// <summary>Cloud cost.</summary>
    CloudCost,

    /// <summary>Fraction of requests executed at the edge, 0..1.</summary>
    EdgeExecutionRatio,

    /// <summary>Requests served.</summary>
    Requests,

    /// <summary>Requests executed at the edge.</summary>
    EdgeRequests,
}
