using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Lora;

/// <summary>One adapted tensor of a <see cref="LoraAdapter"/>, for inspection.</summary>
/// <param name="TargetName">The base tensor it adapts, e.g. <c>blk.0.attn_q.weight</c>.</param>
/// <param name="Rank">Rank r (<c>lora_b</c>'s ne[0]).</param>
/// <param name="InputDimension">n_in (<c>lora_a</c>'s ne[0], the base tensor's ne[0]).</param>
/// <param name="OutputDimension">n_out (<c>lora_b</c>'s ne[1], the base tensor's ne[1]).</param>
/// <param name="Type">Element type of the factors in the file.</param>
public sealed record LoraTensorInfo(string TargetName, int Rank, int InputDimension, int OutputDimension, GgmlType Type);
