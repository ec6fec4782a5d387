namespace EdgeFM.Edge.Evaluation;

/// <summary>Which demonstrations the edge model sees in an evaluation run.</summary>
public enum DemonstrationCondition
{
    /// <summary>None (zero-shot).</summary>
    None,

    /// <summary>k drawn uniformly (seeded) from those the user may see.</summary>
    Random,

    /// <summary>The k best by Age-of-Context score.</summary>
    AgeOfContext,

    /// <summary>
    /// A diagnostic ceiling, not a method: the held-out request's own reference completion as the only demonstration.
    /// If the edge model's loss does not fall even then, it cannot use demonstrations and no selection can show an effect.
    /// </summary>
    Oracle,
}
