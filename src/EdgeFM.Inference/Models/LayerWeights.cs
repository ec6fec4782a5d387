using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Models;

/// <summary>The weights of one transformer block. Matrices are views into the mapped file; norms are float32 copies.</summary>
internal sealed class LayerWeights
{
    public required float[] AttentionNorm { get; init; }

    public required WeightMatrix Query { get; init; }

    public required WeightMatrix Key { get; init; }

    public required WeightMatrix Value { get; init; }

    public required WeightMatrix AttentionOutput { get; init; }

    public required float[] FeedForwardNorm { get; init; }

    public required WeightMatrix Gate { get; init; }

    public required WeightMatrix Up { get; init; }

    public required WeightMatrix Down { get; init; }
}
