namespace EdgeFM.Inference.Training;

/// <summary>What a <see cref="FineTuner.Train"/> call did.</summary>
public sealed record TrainingResult
{
    /// <summary>Optimizer steps done in total (including those before a resume).</summary>
    public required long Steps { get; init; }

    /// <summary>True when every epoch ran; false when <see cref="FineTuneOptions.MaxSteps"/> stopped the run first.</summary>
    public required bool Completed { get; init; }

    /// <summary>Eval loss per predicted token before this call's first step (null without eval data).</summary>
    public double? InitialEvalLoss { get; init; }

    /// <summary>Per epoch finished in this call: mean training loss and eval loss (null without eval data).</summary>
    public required IReadOnlyList<(int Epoch, double TrainLoss, double? EvalLoss)> Epochs { get; init; }

    /// <summary>Input tokens trained on in this call.</summary>
    public required long Tokens { get; init; }

    /// <summary>Time spent in optimizer steps in this call (evaluation excluded).</summary>
    public required TimeSpan TrainingTime { get; init; }

    /// <summary>Input tokens trained on per second of <see cref="TrainingTime"/>.</summary>
    public double TokensPerSecond => TrainingTime > TimeSpan.Zero ? Tokens / TrainingTime.TotalSeconds : 0;
}
