using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Training;

/// <summary>
/// What the training forward pass keeps of one layer for the backward pass, for up to <see cref="Rows"/> token rows
/// (all row-major, one row per token). Attention probabilities are not kept: the backward pass recomputes them from
/// the kept queries and keys, which costs one more score pass and saves heads × length² floats per sequence.
/// </summary>
internal sealed class TrainingActivations
{
    public TrainingActivations(LlamaConfig c, int rank, int rows)
    {
        Rows = rows;
        Residual = new float[rows * c.Dimension];
        Middle = new float[rows * c.Dimension];
        Normed1 = new float[rows * c.Dimension];
        InverseRms1 = new float[rows];
        Query = new float[rows * c.QueryDimension];
        Key = new float[rows * c.KvDimension];
        Value = new float[rows * c.KvDimension];
        Attention = new float[rows * c.QueryDimension];
        Normed2 = new float[rows * c.Dimension];
        InverseRms2 = new float[rows];
        Gate = new float[rows * c.FeedForwardDimension];
        Up = new float[rows * c.FeedForwardDimension];
        Gated = new float[rows * c.FeedForwardDimension];
        LoraInner = new float[TrainingTargets.All.Count][];
        for (var t = 0; t < LoraInner.Length; t++)
        {
            LoraInner[t] = new float[rows * rank];
        }
    }

    public int Rows { get; }

    /// <summary>The layer's input (the residual stream).</summary>
    public float[] Residual { get; }

    /// <summary>The residual stream after attention (input of the feed-forward block).</summary>
    public float[] Middle { get; }

    /// <summary>RMSNorm of <see cref="Residual"/> (input of Q, K, V).</summary>
    public float[] Normed1 { get; }

    /// <summary>1 / √(mean(x²) + ε) of each row of <see cref="Residual"/>.</summary>
    public float[] InverseRms1 { get; }

    /// <summary>Queries after RoPE.</summary>
    public float[] Query { get; }

    /// <summary>Keys after RoPE.</summary>
    public float[] Key { get; }

    /// <summary>Values.</summary>
    public float[] Value { get; }

    /// <summary>Attention output of every head (input of attn_output).</summary>
    public float[] Attention { get; }

    /// <summary>RMSNorm of <see cref="Middle"/> (input of gate and up).</summary>
    public float[] Normed2 { get; }

    /// <summary>1 / √(mean(x²) + ε) of each row of <see cref="Middle"/>.</summary>
    public float[] InverseRms2 { get; }

    /// <summary>Gate pre-activations.</summary>
    public float[] Gate { get; }

    /// <summary>Up projections.</summary>
    public float[] Up { get; }

    /// <summary>silu(gate) ⊙ up (input of ffn_down).</summary>
    public float[] Gated { get; }

    /// <summary>Per target (index in <see cref="TrainingTargets.All"/>), x·Aᵀ of the adapter (rows × rank).</summary>
    public float[][] LoraInner { get; }
}
