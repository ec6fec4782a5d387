using EdgeFM.Inference.Kernels;

namespace EdgeFM.Inference.Models;

/// <summary>All weights of a llama model: matrices as views into the mapped file, norms as float32 copies.</summary>
internal sealed class ModelWeights
{
    public required WeightMatrix TokenEmbedding { get; init; }

    /// <summary>Byte offset of <see cref="TokenEmbedding"/>'s row 0 in the model file.</summary>
    public required long TokenEmbeddingFileOffset { get; init; }

    public required LayerWeights[] Layers { get; init; }

    public required float[] OutputNorm { get; init; }

    public required WeightMatrix Output { get; init; }

    public required IReadOnlyList<ModelTensor> Tensors { get; init; }

    /// <summary>The private copies of repacked matrices (owned: the model disposes it), or null when repacking was off.</summary>
    public RepackedWeights? Repacked { get; init; }

    /// <summary>Bytes copied out of the file (the float32 norm vectors).</summary>
    public long CopiedBytes => (OutputNorm.Length + Layers.Sum(l => (long)l.AttentionNorm.Length + l.FeedForwardNorm.Length)) * sizeof(float);
}
