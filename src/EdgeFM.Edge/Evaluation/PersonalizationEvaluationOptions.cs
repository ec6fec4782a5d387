namespace EdgeFM.Edge.Evaluation;

/// <summary>Settings of <see cref="PersonalizationEvaluation"/>.</summary>
public sealed record PersonalizationEvaluationOptions
{
    /// <summary>Demonstrations per request (k). Default 3.</summary>
    public int Demonstrations { get; init; } = 3;

    /// <summary>Held-out requests evaluated (the first ones in time); 0 for all. Default 0.</summary>
    public int Limit { get; init; }

    /// <summary>Seed of the random-demonstrations baseline. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Ω of the freshness (demonstrations older than this are not candidates). Default 7 days.</summary>
    public TimeSpan FreshnessWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The AoC selector's relevance weight of another user's demonstration (see
    /// <see cref="EdgeFM.Edge.Demonstrations.AgeOfContextSelector.OtherUserAffinity"/>); the gateway's default unless set.
    /// </summary>
    public double OtherUserAffinity { get; init; } = EdgeFM.Edge.Demonstrations.AgeOfContextSelector.DefaultOtherUserAffinity;

    /// <summary>Name of the edge model in the report (e.g. the base and its adapter); default: the model file name.</summary>
    public string? ModelLabel { get; init; }
}
