using System.Runtime.Intrinsics;
using EdgeFM.Inference.Gguf;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// The kernels of one weight type: which format activations are converted to before dot products, the SIMD dot
/// product and its scalar reference (both <c>(weightRow, activationRow, columns) → float</c>), and the dequantizer.
/// </summary>
internal readonly unsafe struct TypeKernels
{
    public TypeKernels(
        GgmlType weight,
        GgmlType activation,
        delegate*<byte*, byte*, int, float> dot,
        delegate*<byte*, byte*, int, float> dotScalar,
        delegate*<byte*, float*, int, void> dequantize)
    {
        Weight = weight;
        Activation = activation;
        Dot = dot;
        DotScalar = dotScalar;
        DequantizeRow = dequantize;
    }

    public GgmlType Weight { get; }

    /// <summary>F32 (activations used as they are), Q8_0 or Q8_K.</summary>
    public GgmlType Activation { get; }

    public delegate*<byte*, byte*, int, float> Dot { get; }

    public delegate*<byte*, byte*, int, float> DotScalar { get; }

    public delegate*<byte*, float*, int, void> DequantizeRow { get; }

    /// <summary>Bytes of one activation row of <paramref name="columns"/> elements in <see cref="Activation"/>.</summary>
    public long ActivationRowBytes(int columns) => GgmlTypeInfo.RowBytes(Activation, columns);

    /// <summary>Converts one activation row to <see cref="Activation"/>.</summary>
    public void QuantizeActivation(ReadOnlySpan<float> x, Span<byte> destination)
    {
        switch (Activation)
        {
            case GgmlType.Q8_0:
                Q8_0.Quantize(x, destination);
                break;
            case GgmlType.Q8_K:
                Q8_K.Quantize(x, destination);
                break;
            default:
                throw new InvalidOperationException($"Activations of {Weight} weights are not quantized.");
        }
    }

    /// <summary>The kernels for <paramref name="type"/>, or false when this kernel set cannot compute with it.</summary>
    public static bool TryGet(GgmlType type, out TypeKernels kernels)
    {
        var simd = SimdInt8.IsSupported;

        // Initializes the half → float table before any kernel that reads it is compiled, so that (with tiered
        // compilation off) the JIT sees the class initialized and emits no initialization check inside their loops.
        _ = HalfConvert.Table;
        kernels = type switch
        {
            GgmlType.F32 => new(type, GgmlType.F32, Vector512.IsHardwareAccelerated ? &F32.DotVector512 : simd ? &F32.DotAvx2 : &F32.DotScalar, &F32.DotScalar, &CopyF32),
            GgmlType.F16 => new(type, GgmlType.F32, simd ? &F16.DotAvx2 : &F16.DotScalar, &F16.DotScalar, &ConvertF16),
            GgmlType.Q8_0 => new(type, GgmlType.Q8_0, simd ? &Q8_0.DotAvx2 : &Q8_0.DotScalar, &Q8_0.DotScalar, simd ? &Q8_0.DequantizeAvx2 : &Q8_0.Dequantize),
            GgmlType.Q4_0 => new(type, GgmlType.Q8_0, simd ? &Q4_0.DotAvx2 : &Q4_0.DotScalar, &Q4_0.DotScalar, simd ? &Q4_0.DequantizeAvx2 : &Q4_0.Dequantize),
            GgmlType.Q4_K => new(type, GgmlType.Q8_K, simd ? &Q4_K.DotAvx2 : &Q4_K.DotScalar, &Q4_K.DotScalar, &Q4_K.Dequantize),
            GgmlType.Q6_K => new(type, GgmlType.Q8_K, simd ? &Q6_K.DotAvx2 : &Q6_K.DotScalar, &Q6_K.DotScalar, &Q6_K.Dequantize),
            _ => default,
        };
        return kernels.Dot != null;
    }

    /// <summary>The kernels for <paramref name="type"/>; throws <see cref="NotSupportedException"/> naming the type otherwise.</summary>
    public static TypeKernels For(GgmlType type) => TryGet(type, out var kernels)
        ? kernels
        : throw new NotSupportedException($"Tensor type {type} is not supported by this kernel set (supported: F32, F16, Q8_0, Q4_0, Q4_K, Q6_K).");

    private static void CopyF32(byte* source, float* destination, int count) =>
        new ReadOnlySpan<float>(source, count).CopyTo(new Span<float>(destination, count));

    private static void ConvertF16(byte* source, float* destination, int count) =>
        System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(new ReadOnlySpan<Half>(source, count), new Span<float>(destination, count));
}
