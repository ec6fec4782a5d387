namespace EdgeFM.Cluster.Hosting;

/// <summary>The cluster's clocks: how often edges publish, how long an entry lives without a publish, how fast demand decays.</summary>
public sealed record EdgeClusterTiming
{
    /// <summary>Each edge republishes its residency and refreshes its copy of the directory this often (and at once on a change).</summary>
    public TimeSpan PublishInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A directory entry not republished for this long is left out (its edge stopped publishing but its silo lives).</summary>
    public TimeSpan EntryLifetime { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Half-life of the decayed demand counts.</summary>
    public TimeSpan DemandHalfLife { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The factor a count decays by over <paramref name="elapsed"/>: 2^(−elapsed / half-life), 1 for no time or negative time.</summary>
    public double DecayFactor(TimeSpan elapsed) =>
        elapsed <= TimeSpan.Zero ? 1 : Math.Pow(2, -elapsed.TotalSeconds / DemandHalfLife.TotalSeconds);
}
