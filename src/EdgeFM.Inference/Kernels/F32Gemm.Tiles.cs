using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

internal static unsafe partial class F32Gemm
{
    /// <summary>6 weight rows × 16 activation rows (a full panel) over columns [k0, k1).</summary>
    private static void Tile16x6(float* w, long wStride, float* panel, int k0, int k1, float* y, long yStride, int valid, bool accumulate)
    {
        var w0 = w;
        var w1 = w + wStride;
        var w2 = w + (2 * wStride);
        var w3 = w + (3 * wStride);
        var w4 = w + (4 * wStride);
        var w5 = w + (5 * wStride);
        Vector256<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default;
        Vector256<float> a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default;
        var p = panel + (k0 * PanelRows);
        for (var c = k0; c < k1; c++, p += PanelRows)
        {
            var x0 = Avx.LoadVector256(p);
            var x1 = Avx.LoadVector256(p + 8);
            var b = Avx.BroadcastScalarToVector256(w0 + c);
            a00 = Fma.MultiplyAdd(b, x0, a00);
            a01 = Fma.MultiplyAdd(b, x1, a01);
            b = Avx.BroadcastScalarToVector256(w1 + c);
            a10 = Fma.MultiplyAdd(b, x0, a10);
            a11 = Fma.MultiplyAdd(b, x1, a11);
            b = Avx.BroadcastScalarToVector256(w2 + c);
            a20 = Fma.MultiplyAdd(b, x0, a20);
            a21 = Fma.MultiplyAdd(b, x1, a21);
            b = Avx.BroadcastScalarToVector256(w3 + c);
            a30 = Fma.MultiplyAdd(b, x0, a30);
            a31 = Fma.MultiplyAdd(b, x1, a31);
            b = Avx.BroadcastScalarToVector256(w4 + c);
            a40 = Fma.MultiplyAdd(b, x0, a40);
            a41 = Fma.MultiplyAdd(b, x1, a41);
            b = Avx.BroadcastScalarToVector256(w5 + c);
            a50 = Fma.MultiplyAdd(b, x0, a50);
            a51 = Fma.MultiplyAdd(b, x1, a51);
        }

        Store6x8(a00, a10, a20, a30, a40, a50, y, yStride, Math.Min(valid, 8), accumulate);
        Store6x8(a01, a11, a21, a31, a41, a51, y + (8 * yStride), yStride, valid - 8, accumulate);
    }

    /// <summary>6 weight rows × the first 8 activation rows of a panel over columns [k0, k1).</summary>
    private static void Tile8x6(float* w, long wStride, float* panel, int k0, int k1, float* y, long yStride, int valid, bool accumulate)
    {
        var w0 = w;
        var w1 = w + wStride;
        var w2 = w + (2 * wStride);
        var w3 = w + (3 * wStride);
        var w4 = w + (4 * wStride);
        var w5 = w + (5 * wStride);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        var p = panel + (k0 * PanelRows);
        for (var c = k0; c < k1; c++, p += PanelRows)
        {
            var x0 = Avx.LoadVector256(p);
            a0 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(w0 + c), x0, a0);
            a1 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(w1 + c), x0, a1);
            a2 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(w2 + c), x0, a2);
            a3 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(w3 + c), x0, a3);
            a4 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(w4 + c), x0, a4);
            a5 = Fma.MultiplyAdd(Avx.BroadcastScalarToVector256(w5 + c), x0, a5);
        }

        Store6x8(a0, a1, a2, a3, a4, a5, y, yStride, valid, accumulate);
    }

    /// <summary>One weight row × a panel's 16 activation rows over columns [k0, k1): the tail of a chunk's rows.</summary>
    private static void Tile16x1(float* w, float* panel, int k0, int k1, float* y, long yStride, int valid, bool accumulate, float* t)
    {
        Vector256<float> a0 = default, a1 = default, b0 = default, b1 = default;
        var p = panel + (k0 * PanelRows);
        var c = k0;
        for (; c + 2 <= k1; c += 2, p += 2 * PanelRows)
        {
            var u = Avx.BroadcastScalarToVector256(w + c);
            var v = Avx.BroadcastScalarToVector256(w + c + 1);
            a0 = Fma.MultiplyAdd(u, Avx.LoadVector256(p), a0);
            a1 = Fma.MultiplyAdd(u, Avx.LoadVector256(p + 8), a1);
            b0 = Fma.MultiplyAdd(v, Avx.LoadVector256(p + PanelRows), b0);
            b1 = Fma.MultiplyAdd(v, Avx.LoadVector256(p + PanelRows + 8), b1);
        }

        if (c < k1)
        {
            var u = Avx.BroadcastScalarToVector256(w + c);
            a0 = Fma.MultiplyAdd(u, Avx.LoadVector256(p), a0);
            a1 = Fma.MultiplyAdd(u, Avx.LoadVector256(p + 8), a1);
        }

        // y[j · yStride] (+)= lane j of the sums, for the valid activation rows.
        Avx.Store(t, a0 + b0);
        Avx.Store(t + 8, a1 + b1);
        for (var j = 0; j < valid; j++)
        {
            var yj = y + (j * yStride);
            *yj = accumulate ? *yj + t[j] : t[j];
        }
    }
}
