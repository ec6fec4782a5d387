using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>float32 dot products: the activations stay float32.</summary>
internal static unsafe class F32
{
    /// <summary>
    /// Shortest row (bytes) the mat-vec runs <see cref="Dot4Avx2"/> on; shorter rows go one at a time. Four interleaved
    /// short rows are streams too short for the hardware prefetcher, while one row after another is a single sequential
    /// stream: on the stories15M-shape output matrix (32000 × 288, 37 MB from DRAM, one thread) one row at a time
    /// streamed 20.0 GB/s against 17.1 for four (medians of 25), and at 768 columns both were equal.
    /// </summary>
    public const long FourRowMinRowBytes = 2048;

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

    /// <summary>
    /// Four consecutive weight rows (<paramref name="rowBytes"/> apart) against one activation row into y[0..3]:
    /// four concurrent weight streams keep more DRAM requests in flight than one row at a time (a decoded token's
    /// weights come from memory, not cache), and each activation load serves four FMAs.
    /// </summary>
    public static void Dot4Avx2(byte* w, long rowBytes, byte* x, int count, float* y)
    {
        var a0 = (float*)w;
        var a1 = (float*)(w + rowBytes);
        var a2 = (float*)(w + (2 * rowBytes));
        var a3 = (float*)(w + (3 * rowBytes));
        var b = (float*)x;
        var s0 = Vector256<float>.Zero;
        var s1 = Vector256<float>.Zero;
        var s2 = Vector256<float>.Zero;
        var s3 = Vector256<float>.Zero;
        var i = 0;
        for (; i + 8 <= count; i += 8)
        {
            var v = Avx.LoadVector256(b + i);
            s0 = Fma.MultiplyAdd(Avx.LoadVector256(a0 + i), v, s0);
            s1 = Fma.MultiplyAdd(Avx.LoadVector256(a1 + i), v, s1);
            s2 = Fma.MultiplyAdd(Avx.LoadVector256(a2 + i), v, s2);
            s3 = Fma.MultiplyAdd(Avx.LoadVector256(a3 + i), v, s3);
        }

        var r0 = SimdInt8.HorizontalSum(s0);
        var r1 = SimdInt8.HorizontalSum(s1);
        var r2 = SimdInt8.HorizontalSum(s2);
        var r3 = SimdInt8.HorizontalSum(s3);
        for (; i < count; i++)
        {
            r0 += a0[i] * b[i];
            r1 += a1[i] * b[i];
            r2 += a2[i] * b[i];
            r3 += a3[i] * b[i];
        }

        y[0] = r0;
        y[1] = r1;
        y[2] = r2;
        y[3] = r3;
    }

    /// <summary>
    /// <see cref="DotAvx2"/> with 512-bit vectors (the cross-platform <see cref="Vector512"/> API, selected when
    /// <see cref="Vector512.IsHardwareAccelerated"/>: AVX-512 machines): four accumulators of 16 lanes, then a
    /// 256-bit step and a scalar tail. The software fallback of the same API runs it on any machine, which is how it
    /// is tested against <see cref="DotScalar"/> here.
    /// </summary>
    public static float DotVector512(byte* w, byte* x, int count)
    {
        var a = (float*)w;
        var b = (float*)x;
        var s0 = Vector512<float>.Zero;
        var s1 = Vector512<float>.Zero;
        var s2 = Vector512<float>.Zero;
        var s3 = Vector512<float>.Zero;
        var i = 0;
        for (; i + 64 <= count; i += 64)
        {
            s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i + 16), Vector512.Load(b + i + 16), s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i + 32), Vector512.Load(b + i + 32), s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i + 48), Vector512.Load(b + i + 48), s3);
        }

        for (; i + 16 <= count; i += 16)
        {
            s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a + i), Vector512.Load(b + i), s0);
        }

        var s = Vector512.Sum((s0 + s1) + (s2 + s3));
        if (i + 8 <= count)
        {
            s += Vector256.Sum(Vector256.Load(a + i) * Vector256.Load(b + i));
            i += 8;
        }

        for (; i < count; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>
    /// <see cref="Dot4Avx2"/> with 512-bit vectors (see <see cref="DotVector512"/>): four rows at
    /// <paramref name="w"/> + k · <paramref name="rowBytes"/> against one activation row into y[0..3].
    /// </summary>
    public static void Dot4Vector512(byte* w, long rowBytes, byte* x, int count, float* y)
    {
        var a0 = (float*)w;
        var a1 = (float*)(w + rowBytes);
        var a2 = (float*)(w + (2 * rowBytes));
        var a3 = (float*)(w + (3 * rowBytes));
        var b = (float*)x;
        var s0 = Vector512<float>.Zero;
        var s1 = Vector512<float>.Zero;
        var s2 = Vector512<float>.Zero;
        var s3 = Vector512<float>.Zero;
        var i = 0;
        for (; i + 16 <= count; i += 16)
        {
            var v = Vector512.Load(b + i);
            s0 = Vector512.FusedMultiplyAdd(Vector512.Load(a0 + i), v, s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Load(a1 + i), v, s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Load(a2 + i), v, s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Load(a3 + i), v, s3);
        }

        var r0 = Vector512.Sum(s0);
        var r1 = Vector512.Sum(s1);
        var r2 = Vector512.Sum(s2);
        var r3 = Vector512.Sum(s3);
        for (; i < count; i++)
        {
            r0 += a0[i] * b[i];
            r1 += a1[i] * b[i];
            r2 += a2[i] * b[i];
            r3 += a3[i] * b[i];
        }

        y[0] = r0;
        y[1] = r1;
        y[2] = r2;
        y[3] = r3;
    }
}
