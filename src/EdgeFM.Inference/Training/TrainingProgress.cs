namespace EdgeFM.Inference.Training;

/// <summary>A report from <see cref="FineTuner"/>: after each optimizer step, and after each epoch with its eval loss.</summary>
public sealed record TrainingProgress
{
    /// <summary>Optimizer steps done, counting those before a resume.</summary>
    public required long Step { get; init; }

    /// <summary>Steps of the whole run (epochs × batches per epoch, or the step limit).</summary>
    public required long TotalSteps { get; init; }

    /// <summary>0-based epoch of the step.</summary>
    public required int Epoch { get; init; }

    /// <summary>Mean loss per predicted token of the last step's batch (nats).</summary>
    public required double Loss { get; init; }

    /// <summary>Global gradient norm of the last step before clipping.</summary>
    public required double GradientNorm { get; init; }

    /// <summary>Input tokens trained on per second of this run so far.</summary>
    public required double TokensPerSecond { get; init; }

    /// <summary>Time this run has trained.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Estimated time to the last step at this run's pace.</summary>
    public required TimeSpan Remaining { get; init; }

    /// <summary>Set on the report after an epoch: the epoch's mean training loss per predicted token.</summary>
    public double? EpochTrainLoss { get; init; }

    /// <summary>Set on the report after an epoch when there is eval data: mean eval loss per predicted token.</summary>
    public double? EpochEvalLoss { get; init; }
}
