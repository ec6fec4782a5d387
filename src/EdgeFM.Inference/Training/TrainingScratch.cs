using EdgeFM.Inference.Models;

namespace EdgeFM.Inference.Training;

/// <summary>
/// The backward pass's gradient buffers and the output layer's logits, sized once for up to <see cref="Rows"/> token
/// rows so that steps reuse them (most are larger than the large-object threshold, and allocating them per step
/// churned the large-object heap).
/// </summary>
internal sealed class TrainingScratch
{
    public TrainingScratch(LlamaConfig c, int rank, int rows, int outputRows)
    {
        Rows = rows;
        ResidualGradient = new float[rows * c.Dimension];
        NormedGradient = new float[rows * c.Dimension];
        Hidden = new float[rows * c.FeedForwardDimension];
        GateGradient = new float[rows * c.FeedForwardDimension];
        UpGradient = new float[rows * c.FeedForwardDimension];
        AttentionGradient = new float[rows * c.QueryDimension];
        QueryGradient = new float[rows * c.QueryDimension];
        KeyGradient = new float[rows * c.KvDimension];
        ValueGradient = new float[rows * c.KvDimension];
        InnerGradient = new float[rows * rank];
        Logits = new float[outputRows * c.VocabularySize];
        OutputNormed = new float[outputRows * c.Dimension];
        OutputNormedGradient = new float[outputRows * c.Dimension];
        OutputInverseRms = new float[outputRows];
    }

    public int Rows { get; }

    public float[] ResidualGradient { get; }

    public float[] NormedGradient { get; }

    public float[] Hidden { get; }

    public float[] GateGradient { get; }

    public float[] UpGradient { get; }

    public float[] AttentionGradient { get; }

    public float[] QueryGradient { get; }

    public float[] KeyGradient { get; }

    public float[] ValueGradient { get; }

    /// <summary>d(x·Aᵀ) of the LoRA matrix being back-propagated (rows × rank).</summary>
    public float[] InnerGradient { get; }

    /// <summary>Logits of one chunk of output rows.</summary>
    public float[] Logits { get; }

    public float[] OutputNormed { get; }

    public float[] OutputNormedGradient { get; }

    public float[] OutputInverseRms { get; }

    /// <summary>Floats held.</summary>
    public long Floats => ResidualGradient.LongLength + NormedGradient.Length + Hidden.Length + GateGradient.Length + UpGradient.Length
        + AttentionGradient.Length + QueryGradient.Length + KeyGradient.Length + ValueGradient.Length + InnerGradient.Length
        + Logits.Length + OutputNormed.Length + OutputNormedGradient.Length + OutputInverseRms.Length;
}
