using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Generation;

/// <summary>Activations of up to <see cref="Capacity"/> tokens moving through the layers together (row-major, one row per token).</summary>
internal sealed class StepBuffers
{
    public StepBuffers(LlamaConfig config, int capacity)
    {
        Capacity = capacity;
        Residual = new float[capacity * config.Dimension];
        Normed = new float[capacity * config.Dimension];
        Query = new float[capacity * config.QueryDimension];
        Key = new float[capacity * config.KvDimension];
        Value = new float[capacity * config.KvDimension];
        Attention = new float[capacity * config.QueryDimension];
        Gate = new float[capacity * config.FeedForwardDimension];
        Up = new float[capacity * config.FeedForwardDimension];
        Cos = new float[capacity * (config.RopeDimensions / 2)];
        Sin = new float[capacity * (config.RopeDimensions / 2)];
    }

    public int Capacity { get; }

    /// <summary>The residual stream x.</summary>
    public float[] Residual { get; }

    /// <summary>
    /// RMSNorm(x) fed to the projections; once they have read it, it also takes the output of the attention-output and
    /// down projections before that is added to x (a separate buffer would only duplicate it).
    /// </summary>
    public float[] Normed { get; }

    public float[] Query { get; }

    public float[] Key { get; }

    public float[] Value { get; }

    /// <summary>Attention output (all heads), input of the attention-output projection.</summary>
    public float[] Attention { get; }

    public float[] Gate { get; }

    public float[] Up { get; }

    /// <summary>cos(position · θ_i) for each row's position and each rotated pair i.</summary>
    public float[] Cos { get; }

    /// <summary>sin(position · θ_i), laid out like <see cref="Cos"/>.</summary>
    public float[] Sin { get; }

    /// <summary>Number of floats the buffers of <paramref name="capacity"/> rows take.</summary>
    public static long FloatCount(LlamaConfig config, int capacity) =>
        (long)capacity * ((2L * config.Dimension) + (2L * config.QueryDimension) + (2L * config.KvDimension) + (2L * config.FeedForwardDimension) + config.RopeDimensions);
}
