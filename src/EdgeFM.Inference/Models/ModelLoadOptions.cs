using EdgeFM.Inference.Gguf;

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
    /// is null and <see cref="TokenizerPath"/> is ignored, which keeps the vocabulary out of memory (4–5 MiB of managed
    /// objects and code for llama2's 32,000 tokens). Benchmarks that feed random token ids use this.
    /// </summary>
    public bool LoadTokenizer { get; init; } = true;

    /// <summary>
    /// An upper bound on the context length (tokens) that, unlike <see cref="ContextLength"/>, a model with a shorter
    /// context accepts: the effective length is the smaller of this and the model's (or <see cref="ContextLength"/>).
    /// </summary>
    public int? MaxContextLength { get; init; }

    /// <summary>Worker threads for the model's kernels; null means one per processor.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Whether Q4_0 weight matrices of a GGUF file (all but the token embedding table) are copied at load into private
    /// memory in the <see cref="Kernels.WeightLayout.Q4_0x8"/> layout, whose AVX2 mat-vec does about a third of the
    /// row-major kernel's work (default true; only on machines with AVX2 and FMA). Loading then takes longer in
    /// proportion to those tensors' size (measured: 65 ms for the 59 MB of the stories110M-shape model, about 1 s per
    /// GB), and they no longer share the page cache with other processes mapping the same file; resident memory is
    /// unchanged (the copy replaces the mapped pages, which are never touched). False keeps every matrix a zero-copy
    /// view of the mapped file.
    /// </summary>
    public bool RepackWeights { get; init; } = true;

    /// <summary>
    /// Element type of the sessions' KV cache: <see cref="GgmlType.F32"/> (default; what the reference outputs are
    /// reproduced with) or <see cref="GgmlType.F16"/> (llama.cpp's default: half the memory and half the attention's
    /// memory traffic, keys and values rounded to 11 significant bits).
    /// </summary>
    public GgmlType KvCacheType { get; init; } = GgmlType.F32;

    /// <summary>The <see cref="KvCacheType"/> named <paramref name="name"/> (<c>f32</c> or <c>f16</c>, any case), or false.</summary>
    public static bool TryParseKvCacheType(string? name, out GgmlType type)
    {
        (var known, type) = name?.ToUpperInvariant() switch
        {
            "F32" => (true, GgmlType.F32),
            "F16" => (true, GgmlType.F16),
            _ => (false, GgmlType.F32),
        };
        return known;
    }
}
