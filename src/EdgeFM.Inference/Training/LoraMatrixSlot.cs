namespace EdgeFM.Inference.Training;

/// <summary>
/// Where the A and B matrices of one adapted weight live in <see cref="LoraParameters.Parameters"/>: A is rank ×
/// <see cref="Inputs"/> at <see cref="AOffset"/>, B is <see cref="Outputs"/> × rank at <see cref="BOffset"/>.
/// </summary>
public sealed record LoraMatrixSlot(int Layer, LoraTarget Target, int Inputs, int Outputs, long AOffset, long BOffset)
{
    /// <summary>The base tensor's GGUF name, e.g. <c>blk.0.attn_q.weight</c>.</summary>
    public string TensorName => TrainingTargets.TensorName(Layer, Target);
}
