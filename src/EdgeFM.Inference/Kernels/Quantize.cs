using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>Conversion of float32 data to ggml types (round to nearest, as ggml's reference quantizers).</summary>
public static class Quantize
{
    /// <summary>True when <see cref="Row"/> can produce <paramref name="type"/>.</summary>
    public static bool Supports(GgmlType type) =>
        type is GgmlType.F32 or GgmlType.F16 or GgmlType.Q8_0 or GgmlType.Q4_0 or GgmlType.Q4_K or GgmlType.Q6_K;

    /// <summary>
    /// Writes <paramref name="source"/> in <paramref name="type"/> to the start of <paramref name="destination"/>,
    /// which must hold <see cref="GgmlTypeInfo.RowBytes"/>(type, source.Length) bytes; the length must be a multiple
    /// of the type's block size. Returns the number of bytes written.
    /// </summary>
    public static int Row(GgmlType type, ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (!Supports(type))
        {
            throw new NotSupportedException($"Quantizing to {type} is not supported (supported: F32, F16, Q8_0, Q4_0, Q4_K, Q6_K).");
        }

        var bytes = checked((int)GgmlTypeInfo.RowBytes(type, source.Length));
        if (destination.Length < bytes)
        {
            throw new ArgumentException($"{source.Length} {type} elements need {bytes} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        var target = destination[..bytes];
        switch (type)
        {
            case GgmlType.F32:
                MemoryMarshal.AsBytes(source).CopyTo(target);
                break;
            case GgmlType.F16:
                TensorPrimitives.ConvertToHalf(source, MemoryMarshal.Cast<byte, Half>(target));
                break;
            case GgmlType.Q8_0:
                Q8_0.Quantize(source, target);
                break;
            case GgmlType.Q4_0:
                Q4_0.Quantize(source, target);
                break;
            case GgmlType.Q4_K:
                Q4_K.Quantize(source, target);
                break;
            default:
                Q6_K.Quantize(source, target);
                break;
        }

        return bytes;
    }
}
