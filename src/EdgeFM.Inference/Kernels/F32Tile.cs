using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// Register-blocked float32 tile for mat-mat: the dot products of 2 weight rows with 4 activation rows at once.
/// 8 accumulators + 6 loaded vectors fit AVX2's 16 registers, and each loaded vector feeds 2 or 4 FMAs, so the
/// tile runs at FMA throughput instead of load throughput.
/// </summary>
internal static unsafe class F32Tile
{
    public const int WeightRows = 2;
    public const int ActivationRows = 4;

    /// <summary>
    /// y[i * yStride + r] = Σ_c w[r][c] · x[i][c] for r &lt; 2, i &lt; 4, with w rows <paramref name="wStride"/>
    /// floats apart and x rows <paramref name="xStride"/> floats apart.
    /// </summary>
    public static void Dot2x4(float* w, long wStride, float* x, long xStride, int count, float* y, long yStride)
    {
        var w0 = w;
        var w1 = w + wStride;
        var x0 = x;
        var x1 = x + xStride;
        var x2 = x + (2 * xStride);
        var x3 = x + (3 * xStride);
        Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<float> a10 = default, a11 = default, a12 = default, a13 = default;
        var c = 0;
        for (; c + 8 <= count; c += 8)
        {
            var v0 = Avx.LoadVector256(w0 + c);
            var v1 = Avx.LoadVector256(w1 + c);
            var u = Avx.LoadVector256(x0 + c);
            a00 = Fma.MultiplyAdd(v0, u, a00);
            a10 = Fma.MultiplyAdd(v1, u, a10);
            u = Avx.LoadVector256(x1 + c);
            a01 = Fma.MultiplyAdd(v0, u, a01);
            a11 = Fma.MultiplyAdd(v1, u, a11);
            u = Avx.LoadVector256(x2 + c);
            a02 = Fma.MultiplyAdd(v0, u, a02);
            a12 = Fma.MultiplyAdd(v1, u, a12);
            u = Avx.LoadVector256(x3 + c);
            a03 = Fma.MultiplyAdd(v0, u, a03);
            a13 = Fma.MultiplyAdd(v1, u, a13);
        }

        y[0] = SimdInt8.HorizontalSum(a00) + Tail(w0, x0, c, count);
        y[1] = SimdInt8.HorizontalSum(a10) + Tail(w1, x0, c, count);
        y[yStride] = SimdInt8.HorizontalSum(a01) + Tail(w0, x1, c, count);
        y[yStride + 1] = SimdInt8.HorizontalSum(a11) + Tail(w1, x1, c, count);
        y[2 * yStride] = SimdInt8.HorizontalSum(a02) + Tail(w0, x2, c, count);
        y[(2 * yStride) + 1] = SimdInt8.HorizontalSum(a12) + Tail(w1, x2, c, count);
        y[3 * yStride] = SimdInt8.HorizontalSum(a03) + Tail(w0, x3, c, count);
        y[(3 * yStride) + 1] = SimdInt8.HorizontalSum(a13) + Tail(w1, x3, c, count);
    }

    private static float Tail(float* w, float* x, int start, int count)
    {
        var sum = 0f;
        for (var c = start; c < count; c++)
        {
            sum += w[c] * x[c];
        }

        return sum;
    }
}
