namespace EdgeFM.Inference.Lora;

/// <summary>Names of the llama weight matrices an adapter may adapt, and their GGUF tensor names.</summary>
public static class LoraTargets
{
    /// <summary>Query projection (<c>blk.N.attn_q.weight</c>).</summary>
    public const string Query = "attn_q";

    /// <summary>Key projection (<c>blk.N.attn_k.weight</c>).</summary>
    public const string Key = "attn_k";

    /// <summary>Value projection (<c>blk.N.attn_v.weight</c>).</summary>
    public const string Value = "attn_v";

    /// <summary>Attention output projection (<c>blk.N.attn_output.weight</c>).</summary>
    public const string AttentionOutput = "attn_output";

    /// <summary>SwiGLU gate (<c>blk.N.ffn_gate.weight</c>).</summary>
    public const string Gate = "ffn_gate";

    /// <summary>SwiGLU up projection (<c>blk.N.ffn_up.weight</c>).</summary>
    public const string Up = "ffn_up";

    /// <summary>SwiGLU down projection (<c>blk.N.ffn_down.weight</c>).</summary>
    public const string Down = "ffn_down";

    /// <summary>The classifier (<c>output.weight</c>); only in models whose output is not tied to the embedding.</summary>
    public const string OutputTensorName = "output.weight";

    /// <summary>The per-block targets, in forward-pass order.</summary>
    public static IReadOnlyList<string> BlockTargets { get; } = [Query, Key, Value, AttentionOutput, Gate, Up, Down];

    /// <summary>The GGUF tensor name of block target <paramref name="target"/> in block <paramref name="layer"/>, e.g. <c>blk.0.attn_q.weight</c>.</summary>
    public static string TensorName(int layer, string target)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentException.ThrowIfNullOrEmpty(target);
        return $"blk.{layer}.{target}.weight";
    }
}
