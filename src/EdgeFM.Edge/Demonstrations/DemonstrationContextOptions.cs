namespace EdgeFM.Edge.Demonstrations;

/// <summary>Settings of a <see cref="DemonstrationContext"/>.</summary>
public sealed record DemonstrationContextOptions
{
    /// <summary>Ω: the age at which a demonstration stops counting (Core's <c>LinearFreshness</c> window). Default 1 day.</summary>
    public TimeSpan FreshnessWindow { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Most (newest) candidates scored per request. Default 512.</summary>
    public int CandidateLimit { get; init; } = 512;

    /// <summary>Most examples a snapshot lists. Default 20.</summary>
    public int SnapshotExamples { get; init; } = 20;
}
