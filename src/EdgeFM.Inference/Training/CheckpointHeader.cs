namespace EdgeFM.Inference.Training;

/// <summary>The scalar state of a <see cref="TrainingCheckpoint"/>, stored as JSON.</summary>
public sealed record CheckpointHeader
{
    /// <summary>File name of the base model (a check that a resume uses the same one).</summary>
    public required string ModelName { get; init; }

    /// <summary>Size of the base model file in bytes.</summary>
    public required long ModelBytes { get; init; }

    /// <summary>LoRA rank.</summary>
    public required int Rank { get; init; }

    /// <summary>LoRA α.</summary>
    public required float Alpha { get; init; }

    /// <summary>Short names of the adapted targets (q, k, v, o, gate, up, down).</summary>
    public required string[] Targets { get; init; }

    /// <summary>Sequences per step.</summary>
    public required int BatchSize { get; init; }

    /// <summary>The run's seed.</summary>
    public required long Seed { get; init; }

    /// <summary>Number of training examples (the length of <see cref="Order"/>).</summary>
    public required int Examples { get; init; }

    /// <summary>Weights in the adapter.</summary>
    public required int ParameterCount { get; init; }

    /// <summary>Optimizer steps done.</summary>
    public required long Step { get; init; }

    /// <summary>The epoch in progress (0-based); equal to the epoch count when the run finished.</summary>
    public required int Epoch { get; init; }

    /// <summary>Batches of <see cref="Epoch"/> already done.</summary>
    public required int BatchInEpoch { get; init; }

    /// <summary>The example order of <see cref="Epoch"/> (null when the epoch has not started).</summary>
    public int[]? Order { get; init; }

    /// <summary>Summed training loss and predicted tokens of <see cref="Epoch"/> so far.</summary>
    public required double EpochLossSum { get; init; }

    /// <summary>Predicted tokens of <see cref="Epoch"/> so far.</summary>
    public required long EpochTargets { get; init; }

    /// <summary>The random generator's state (xoshiro256**, four words).</summary>
    public required ulong[] RandomState { get; init; }
}
