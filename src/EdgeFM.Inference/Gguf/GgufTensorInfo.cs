namespace EdgeFM.Inference.Gguf;

/// <summary>
/// One tensor's description in a GGUF file. <see cref="Dimensions"/> follow ggml order: <c>Dimensions[0]</c> is the
/// innermost (contiguous) dimension, so a weight matrix of <c>rows × cols</c> has <c>Dimensions = [cols, rows]</c>.
/// </summary>
/// <param name="Name">Tensor name, e.g. <c>blk.0.attn_q.weight</c>.</param>
/// <param name="Dimensions">Extent of each dimension, innermost first.</param>
/// <param name="Type">Element type.</param>
/// <param name="Offset">Absolute byte offset of the tensor's data in the file.</param>
/// <param name="ByteSize">Size of the tensor's data in bytes.</param>
public sealed record GgufTensorInfo(string Name, IReadOnlyList<long> Dimensions, GgmlType Type, long Offset, long ByteSize)
{
    /// <summary>Total number of elements.</summary>
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var d in Dimensions)
            {
                count *= d;
            }

            return count;
        }
    }
}
