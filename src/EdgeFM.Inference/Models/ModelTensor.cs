using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Models;

/// <summary>One weight tensor of a loaded model, for inspection.</summary>
/// <param name="Name">Name in GGUF convention (<c>blk.0.attn_q.weight</c>), also for llama2.c checkpoints.</param>
/// <param name="Type">Element type.</param>
/// <param name="Dimensions">Extents, innermost first (ggml order): a rows × columns matrix is [columns, rows].</param>
/// <param name="ByteSize">Bytes the tensor occupies in the file.</param>
public sealed record ModelTensor(string Name, GgmlType Type, IReadOnlyList<long> Dimensions, long ByteSize);
