namespace EdgeFM.Inference.Training;

/// <summary>Hyper-parameters of LoRA fine-tuning (<c>edgefm finetune</c>).</summary>
public sealed record FineTuneOptions
{
    /// <summary>LoRA rank r (default 8).</summary>
    public int Rank { get; init; } = 8;

    /// <summary>LoRA α; updates are scaled by α / r (default 16).</summary>
    public float Alpha { get; init; } = 16f;

    /// <summary>The adapted matrices of every layer (default all seven).</summary>
    public IReadOnlyList<LoraTarget> Targets { get; init; } = TrainingTargets.All;

    /// <summary>AdamW learning rate, constant (default 1e-3).</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>AdamW decoupled weight decay λ (default 0).</summary>
    public float WeightDecay { get; init; }

    /// <summary>Passes over the training data (default 1).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Sequences per optimizer step (default 8); the loss is the mean over the batch's predicted tokens.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Most input tokens per sequence; longer examples are cut (default 128).</summary>
    public int SequenceLength { get; init; } = 128;

    /// <summary>Seed of the adapter's initialization and the data order; the same seed gives the same adapter.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Largest global L2 norm of a step's gradient; larger ones are scaled down to it (0: off; default 1).</summary>
    public float MaxGradientNorm { get; init; } = 1f;

    /// <summary>Where to save checkpoints (null: none).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Save a checkpoint every this many steps as well as after each epoch (0: after each epoch only).</summary>
    public int CheckpointEvery { get; init; }

    /// <summary>Stop (after saving a checkpoint) once this many steps are done in total (null: run every epoch).</summary>
    public long? MaxSteps { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate() => Validate(this);

    private static void Validate(FineTuneOptions options)
    {
        Require(options.Rank is >= 1 and <= 1024, $"rank {options.Rank} must be 1 to 1024");
        Require(float.IsFinite(options.Alpha) && options.Alpha > 0, $"alpha {options.Alpha} must be positive");
        Require(options.Targets.Count > 0, "at least one target is needed");
        Require(float.IsFinite(options.LearningRate) && options.LearningRate > 0, $"learning rate {options.LearningRate} must be positive");
        Require(float.IsFinite(options.WeightDecay) && options.WeightDecay >= 0, $"weight decay {options.WeightDecay} must be 0 or more");
        Require(options.Epochs >= 1, $"epochs {options.Epochs} must be at least 1");
        Require(options.BatchSize >= 1, $"batch size {options.BatchSize} must be at least 1");
        Require(options.SequenceLength >= 1, $"sequence length {options.SequenceLength} must be at least 1");
        Require(float.IsFinite(options.MaxGradientNorm) && options.MaxGradientNorm >= 0, $"gradient clipping norm {options.MaxGradientNorm} must be 0 (off) or more");
        Require(options.CheckpointEvery >= 0, $"checkpoint interval {options.CheckpointEvery} must be 0 or more");
        Require(options.MaxSteps is null or >= 1, $"max steps {options.MaxSteps} must be at least 1");

        void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new ArgumentException(message + ".", nameof(options));
            }
        }
    }
}
