using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>float32 dot products: the activations stay float32.</summary>
internal static unsafe class F32
{
    /// <summary>Scalar reference: Σ w[i] · x[i] accumulated in double, then rounded once.</summary>
    public static float DotScalar(byte* w, byte* x, int count)
    {
        var a = (float*)w;
        var b = (float*)x;
        var sum = 0d;
        for (var i = 0; i < count; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return (float)sum;
    }

    /// <summary>AVX2/FMA with four independent accumulators (hides the FMA latency), scalar tail.</summary>
    public static float DotAvx2(byte* w, byte* x, int count)
    {
        var a = (float*)w;
        var b = (float*)x;
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        var i = 0;
        for (; i + 32 <= count; i += 32)
        {
            s0 = Fma.MultiplyAdd(Avx.LoadVector256(a + i), Avx.LoadVector256(b + i), s0);
            s1 = Fma.MultiplyAdd(Avx.LoadVector256(a + i + 8), Avx.LoadVector256(b + i + 8), s1);
            s2 = Fma.MultiplyAdd(Avx.LoadVector256(a + i + 16), Avx.LoadVector256(b + i + 16), s2);
            s3 = Fma.MultiplyAdd(Avx.LoadVector256(a + i + 24), Avx.LoadVector256(b + i + 24), s3);
        }

        for (; i + 8 <= count; i += 8)
        {
            s0 = Fma.MultiplyAdd(Avx.LoadVector256(a + i), Avx.LoadVector256(b + i), s0);
        }

        var sum = SimdInt8.HorizontalSum((s0 + s1) + (s2 + s3));
        for (; i < count; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
