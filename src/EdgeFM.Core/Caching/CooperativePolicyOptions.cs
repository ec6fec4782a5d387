using EdgeFM.Core.Forecasting;

namespace EdgeFM.Core.Caching;

/// <summary>
/// Settings of <see cref="Policies.CooperativeCachePolicy"/>, shared by the simulator (a scenario's <c>cluster</c>
/// section) and a clustered gateway.
/// </summary>
public sealed record CooperativePolicyOptions
{
    /// <summary>Never evict the cluster's last copy of a model in demand (see <see cref="MinDemand"/>).</summary>
    public bool ProtectLastCopy { get; init; } = true;

    /// <summary>Load a model at an edge where its forecast demand rises (see <see cref="PrefetchMinDemand"/>).</summary>
    public bool Prefetch { get; init; } = true;

    /// <summary>
    /// Also prefetch models another edge already holds. Off by default: a peer serves those for the price of a hop,
    /// which costs far less than a load, so a prefetch pays only for a model the cluster lacks.
    /// </summary>
    public bool PrefetchHeldByPeers { get; init; }

    /// <summary>Length of a forecast period, in seconds (&gt; 0): demand is counted and forecast per period.</summary>
    public double PeriodSeconds { get; init; } = 60;

    /// <summary>Holt's level smoothing α in (0, 1].</summary>
    public double Alpha { get; init; } = HoltForecaster.DefaultAlpha;

    /// <summary>Holt's trend smoothing β in (0, 1].</summary>
    public double Beta { get; init; } = HoltForecaster.DefaultBeta;

    /// <summary>
    /// A model is in demand when its forecast cluster-wide requests for the next period reach this (≥ 0, requests per
    /// period); only then is its last copy protected.
    /// </summary>
    public double MinDemand { get; init; } = 1;

    /// <summary>
    /// An edge prefetches a model only when the model's forecast requests at that edge for the next period reach this
    /// (requests per period, &gt; 0) and its trend there is rising.
    /// </summary>
    public double PrefetchMinDemand { get; init; } = 2;
}
