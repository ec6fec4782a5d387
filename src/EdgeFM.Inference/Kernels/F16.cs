using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>IEEE half-precision weights against float32 activations.</summary>
internal static unsafe class F16
{
    /// <summary>Scalar reference: Σ (float)w[i] · x[i] accumulated in double.</summary>
    public static float DotScalar(byte* w, byte* x, int count)
    {
        var a = (Half*)w;
        var b = (float*)x;
        var sum = 0d;
        for (var i = 0; i < count; i++)
        {
            sum += (double)(float)a[i] * b[i];
        }

        return (float)sum;
    }

    /// <summary>AVX2: eight halves widened per step by <see cref="HalfConvert.ToSingle8(byte*)"/>, two FMA accumulators, scalar tail.</summary>
    public static float DotAvx2(byte* w, byte* x, int count)
    {
        var b = (float*)x;
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var i = 0;
        for (; i + 16 <= count; i += 16)
        {
            s0 = Fma.MultiplyAdd(HalfConvert.ToSingle8(w + (2 * i)), Avx.LoadVector256(b + i), s0);
            s1 = Fma.MultiplyAdd(HalfConvert.ToSingle8(w + (2 * i) + 16), Avx.LoadVector256(b + i + 8), s1);
        }

        for (; i + 8 <= count; i += 8)
        {
            s0 = Fma.MultiplyAdd(HalfConvert.ToSingle8(w + (2 * i)), Avx.LoadVector256(b + i), s0);
        }

        var sum = SimdInt8.HorizontalSum(s0 + s1);
        for (; i < count; i++)
        {
            sum += HalfConvert.ToSingle(w + (2 * i)) * b[i];
        }

        return sum;
    }
}
