namespace EdgeFM.Edge.Demonstrations;

/// <summary>Settings of a <see cref="DemonstrationContext"/>.</summary>
public sealed record DemonstrationContextOptions
{
    /// <summary>Ω: the age at which a demonstration stops counting (Core's <c>LinearFreshness</c> window). Default 1 day.</summary>
    public TimeSpan FreshnessWindow { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Relevance weight in [0, 1] of another user's shareable demonstration relative to the requesting user's own (the
    /// selector's user affinity; 1 makes relevance lexical only). Default
    /// <see cref="AgeOfContextSelector.DefaultOtherUserAffinity"/>.
    /// </summary>
    public double OtherUserAffinity { get; init; } = AgeOfContextSelector.DefaultOtherUserAffinity;

    /// <summary>Most (newest) candidates scored per request. Default 512.</summary>
    public int CandidateLimit { get; init; } = 512;

    /// <summary>Most examples a snapshot lists. Default 20.</summary>
    public int SnapshotExamples { get; init; } = 20;
}
