namespace EdgeFM.Inference.Models;

/// <summary>Options for <see cref="LlamaModel.Load"/>.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>
    /// A tokenizer file to use: a llama2.c <c>tokenizer.bin</c> or a GGUF file holding a vocabulary. Required for llama2.c checkpoints unless a
    /// <c>tokenizer.bin</c> sits beside the model; ignored for GGUF files that carry their own vocabulary.
    /// </summary>
    public string? TokenizerPath { get; init; }

    /// <summary>Context length (tokens) of sessions, overriding the model's; at most the model's own.</summary>
    public int? ContextLength { get; init; }

    /// <summary>
    /// Whether to read the tokenizer (default true). When false the model runs on token ids only: <see cref="LlamaModel.Tokenizer"/>
    /// is null and <see cref="TokenizerPath"/> is ignored, which keeps the vocabulary out of memory (about 8 MiB of managed
    /// objects and code for llama2's 32,000 tokens). Benchmarks that feed random token ids use this.
    /// </summary>
    public bool LoadTokenizer { get; init; } = true;

    /// <summary>Worker threads for the model's kernels; null means one per processor.</summary>
    public int? Threads { get; init; }
}
