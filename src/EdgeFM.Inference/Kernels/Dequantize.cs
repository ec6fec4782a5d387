using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>Conversion of ggml-typed data to float32.</summary>
public static class Dequantize
{
    /// <summary>
    /// Converts <paramref name="destination"/>.Length elements stored in <paramref name="type"/> at the start of
    /// <paramref name="source"/> to float32. The length must be a multiple of the type's block size.
    /// </summary>
    public static void Row(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.Cast<byte, float>(source)[..destination.Length].CopyTo(destination);
                break;
            default:
                throw new NotSupportedException($"Tensor type {type} is not supported by this kernel set.");
        }
    }
}
