using EdgeFM.Core.Costs;

namespace EdgeFM.Simulation;

/// <summary>The outcome of one simulation run (one policy, one seed).</summary>
public sealed record RunResult
{
    /// <summary>The policy's name.</summary>
    public required string Policy { get; init; }

    /// <summary>The run's seed.</summary>
    public required int Seed { get; init; }

    /// <summary>Costs and counts accumulated over the run.</summary>
    public required CostBreakdown Costs { get; init; }

    /// <summary>Requests generated (or replayed) during the run.</summary>
    public required long Generated { get; init; }

    /// <summary>Requests executed in the cloud.</summary>
    public required long CloudRequests { get; init; }

    /// <summary>Requests that missed their edge and ran at a peer edge (cooperating edges only; counted as edge requests).</summary>
    public long PeerRequests { get; init; }

    /// <summary>Models loaded ahead of demand by a cooperative policy's forecast (counted in the loads and switching cost).</summary>
    public long Prefetches { get; init; }

    /// <summary>Highest fraction of any server's memory in use at any moment (≤ 1 unless a policy misbehaves).</summary>
    public required double PeakMemoryUtilization { get; init; }

    /// <summary>Simulated time at which the run ended, in seconds.</summary>
    public required double EndTimeSeconds { get; init; }

    /// <summary>The run's state sampled over simulated time, when sampling was asked for; otherwise null.</summary>
    public TimeSeries.RunTimeSeries? TimeSeries { get; init; }
}
