using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Synthesis;

/// <summary>The shape and encoding of a random-weight llama model written by <see cref="SyntheticModel"/>.</summary>
public sealed record SyntheticModelOptions
{
    /// <summary>Embedding dimension (<c>llama.embedding_length</c>).</summary>
    public required int Dimension { get; init; }

    /// <summary>Transformer blocks (<c>llama.block_count</c>).</summary>
    public required int Layers { get; init; }

    /// <summary>Query heads; must divide <see cref="Dimension"/>.</summary>
    public required int Heads { get; init; }

    /// <summary>Key/value heads (grouped-query attention); must divide <see cref="Heads"/>.</summary>
    public required int KvHeads { get; init; }

    /// <summary>Feed-forward hidden dimension (<c>llama.feed_forward_length</c>).</summary>
    public required int FeedForward { get; init; }

    /// <summary>Vocabulary size; with a tokenizer file, 0 means "the tokenizer's size".</summary>
    public int Vocabulary { get; init; }

    /// <summary>Type of the weight matrices (norms stay F32): F32, F16, Q8_0, Q4_0, Q4_K or Q6_K.</summary>
    public GgmlType Type { get; init; } = GgmlType.F32;

    /// <summary>llama2.c tokenizer file whose vocabulary the model carries, or null for a synthetic vocabulary.</summary>
    public string? TokenizerPath { get; init; }

    /// <summary>Context length (<c>llama.context_length</c>).</summary>
    public int ContextLength { get; init; } = 2048;

    /// <summary>Seed of the weights; the same options and seed give a byte-identical file.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Standard deviation of the (normal) weights.</summary>
    public float WeightStdDev { get; init; } = 0.02f;

    /// <summary>Whether to write a separate <c>output.weight</c> (true) or tie the output to the embedding.</summary>
    public bool SeparateOutput { get; init; } = true;

    /// <summary>Model name (<c>general.name</c>).</summary>
    public string Name { get; init; } = "edgefm-synthetic";
}
