namespace EdgeFM.Inference.Training;

/// <summary>A weight matrix of a llama block that a LoRA adapter can adapt.</summary>
public enum LoraTarget
{
    /// <summary>Query projection <c>attn_q</c> (Dimension → QueryDimension).</summary>
    Query,

    /// <summary>Key projection <c>attn_k</c> (Dimension → KvDimension).</summary>
    Key,

    /// <summary>Value projection <c>attn_v</c> (Dimension → KvDimension).</summary>
    Value,

    /// <summary>Attention output projection <c>attn_output</c> (QueryDimension → Dimension).</summary>
    AttentionOutput,

    /// <summary>Feed-forward gate <c>ffn_gate</c> (Dimension → FeedForwardDimension).</summary>
    Gate,

    /// <summary>Feed-forward up projection <c>ffn_up</c> (Dimension → FeedForwardDimension).</summary>
    Up,

    /// <summary>Feed-forward down projection <c>ffn_down</c> (FeedForwardDimension → Dimension).</summary>
    Down,
}
