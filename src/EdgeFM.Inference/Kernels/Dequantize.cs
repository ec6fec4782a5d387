using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>Conversion of ggml-typed data to float32.</summary>
public static unsafe class Dequantize
{
    /// <summary>
    /// Converts <paramref name="destination"/>.Length elements stored in <paramref name="type"/> at the start of
    /// <paramref name="source"/> to float32. The length must be a multiple of the type's block size.
    /// Supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K and Q8_K.
    /// </summary>
    public static void Row(GgmlType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        var bytes = GgmlTypeInfo.RowBytes(type, destination.Length);
        if (source.Length < bytes)
        {
            throw new ArgumentException($"{destination.Length} {type} elements need {bytes} bytes; the source has {source.Length}.", nameof(source));
        }

        if (type == GgmlType.BF16)
        {
            var halves = MemoryMarshal.Cast<byte, ushort>(source);
            var bits = MemoryMarshal.Cast<float, uint>(destination);
            for (var i = 0; i < bits.Length; i++)
            {
                bits[i] = (uint)halves[i] << 16;
            }

            return;
        }

        if (type == GgmlType.Q8_K)
        {
            fixed (byte* s = source)
            fixed (float* d = destination)
            {
                Q8_K.Dequantize(s, d, destination.Length);
            }

            return;
        }

        if (!TypeKernels.TryGet(type, out var kernels))
        {
            throw new NotSupportedException($"Tensor type {type} is not supported by this kernel set (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K).");
        }

        fixed (byte* s = source)
        fixed (float* d = destination)
        {
            kernels.DequantizeRow(s, d, destination.Length);
        }
    }
}
