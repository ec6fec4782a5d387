namespace EdgeFM.Core.Models;

/// <summary>A pretrained foundation model as the catalog describes it.</summary>
public sealed record ModelSpec
{
    /// <summary>The model's id.</summary>
    public required ModelId Id { get; init; }

    /// <summary>Language, vision or multimodal.</summary>
    public ModelKind Kind { get; init; }

    /// <summary>Number of parameters (informational; memory is <see cref="MemoryBytes"/>).</summary>
    public long Parameters { get; init; }

    /// <summary>Accelerator memory the loaded model occupies, in bytes (&gt; 0).</summary>
    public required long MemoryBytes { get; init; }

    /// <summary>Compute one request needs, in GFLOP (≥ 0); inference latency is this over the server's rate.</summary>
    public double ComputePerRequestGflop { get; init; }

    /// <summary>Time to load the model into accelerator memory, in seconds (≥ 0).</summary>
    public double LoadLatencySeconds { get; init; }

    /// <summary>Energy to load the model into accelerator memory, in joules (≥ 0).</summary>
    public double LoadEnergyJoules { get; init; }

    /// <summary>Accuracy as a function of context value.</summary>
    public AccuracyCurve Accuracy { get; init; } = new(0.3, 0.05, 1);

    /// <summary>How many in-context examples the model can use at once (its demonstration window, ≥ 1).</summary>
    public int ContextCapacity { get; init; } = 8;
}
