using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// The AVX-512 register tiles: one 512-bit load holds column c of a whole 16-row panel, so a tile of
/// <see cref="WideTileRows"/> weight rows × two panels (32 activation rows) keeps 24 accumulators in 24 of the
/// 32 vector registers and does 24 FMAs of 16 lanes per 2 panel loads and 12 weight broadcasts: twice the
/// multiply-adds per instruction of the AVX2 tile, and on a core with full-width 512-bit FMA units twice the peak.
/// </summary>
internal static unsafe partial class F32Gemm
{
    /// <summary>Weight rows per 512-bit register tile.</summary>
    public const int WideTileRows = 12;

    /// <summary>True when this machine runs the 512-bit tiles (<see cref="Vector512.IsHardwareAccelerated"/>).</summary>
    public static bool WideSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// 12 weight rows × the activation rows of two consecutive panels (<paramref name="valid"/> of them, 17..32) over
    /// columns [k0, k1). Element c of weight row r is at <c>w + r · wStride + c</c>.
    /// </summary>
    private static void Tile32x12(float* w, long wStride, float* panel0, float* panel1, int k0, int k1, float* y, long yStride, int valid, bool accumulate)
    {
        // Four row pointers and two strides address the 12 rows (base + index · scale), so the loop needs about ten
        // general registers instead of twelve row pointers.
        var s2 = 2 * wStride;
        var b0 = w + k0;
        var b3 = b0 + (3 * wStride);
        var b6 = b0 + (6 * wStride);
        var b9 = b0 + (9 * wStride);
        Vector512<float> a00 = default, a01 = default, a10 = default, a11 = default, a20 = default, a21 = default;
        Vector512<float> a30 = default, a31 = default, a40 = default, a41 = default, a50 = default, a51 = default;
        Vector512<float> a60 = default, a61 = default, a70 = default, a71 = default, a80 = default, a81 = default;
        Vector512<float> a90 = default, a91 = default, aa0 = default, aa1 = default, ab0 = default, ab1 = default;
        var p = panel0 + (k0 * PanelRows);
        var q = panel1 + (k0 * PanelRows);
        for (var c = k0; c < k1; c++, p += PanelRows, q += PanelRows, b0++, b3++, b6++, b9++)
        {
            var x0 = Vector512.Load(p);
            var x1 = Vector512.Load(q);
            var b = Vector512.Create(*b0);
            a00 = Avx512F.FusedMultiplyAdd(b, x0, a00);
            a01 = Avx512F.FusedMultiplyAdd(b, x1, a01);
            b = Vector512.Create(*(b0 + wStride));
            a10 = Avx512F.FusedMultiplyAdd(b, x0, a10);
            a11 = Avx512F.FusedMultiplyAdd(b, x1, a11);
            b = Vector512.Create(*(b0 + s2));
            a20 = Avx512F.FusedMultiplyAdd(b, x0, a20);
            a21 = Avx512F.FusedMultiplyAdd(b, x1, a21);
            b = Vector512.Create(*b3);
            a30 = Avx512F.FusedMultiplyAdd(b, x0, a30);
            a31 = Avx512F.FusedMultiplyAdd(b, x1, a31);
            b = Vector512.Create(*(b3 + wStride));
            a40 = Avx512F.FusedMultiplyAdd(b, x0, a40);
            a41 = Avx512F.FusedMultiplyAdd(b, x1, a41);
            b = Vector512.Create(*(b3 + s2));
            a50 = Avx512F.FusedMultiplyAdd(b, x0, a50);
            a51 = Avx512F.FusedMultiplyAdd(b, x1, a51);
            b = Vector512.Create(*b6);
            a60 = Avx512F.FusedMultiplyAdd(b, x0, a60);
            a61 = Avx512F.FusedMultiplyAdd(b, x1, a61);
            b = Vector512.Create(*(b6 + wStride));
            a70 = Avx512F.FusedMultiplyAdd(b, x0, a70);
            a71 = Avx512F.FusedMultiplyAdd(b, x1, a71);
            b = Vector512.Create(*(b6 + s2));
            a80 = Avx512F.FusedMultiplyAdd(b, x0, a80);
            a81 = Avx512F.FusedMultiplyAdd(b, x1, a81);
            b = Vector512.Create(*b9);
            a90 = Avx512F.FusedMultiplyAdd(b, x0, a90);
            a91 = Avx512F.FusedMultiplyAdd(b, x1, a91);
            b = Vector512.Create(*(b9 + wStride));
            aa0 = Avx512F.FusedMultiplyAdd(b, x0, aa0);
            aa1 = Avx512F.FusedMultiplyAdd(b, x1, aa1);
            b = Vector512.Create(*(b9 + s2));
            ab0 = Avx512F.FusedMultiplyAdd(b, x0, ab0);
            ab1 = Avx512F.FusedMultiplyAdd(b, x1, ab1);
        }

        Store12x16(a00, a10, a20, a30, a40, a50, a60, a70, a80, a90, aa0, ab0, y, yStride, PanelRows, accumulate);
        Store12x16(a01, a11, a21, a31, a41, a51, a61, a71, a81, a91, aa1, ab1, y + (PanelRows * yStride), yStride, valid - PanelRows, accumulate);
    }

    /// <summary>12 weight rows × one panel's <paramref name="valid"/> (1..16) activation rows over columns [k0, k1).</summary>
    private static void Tile16x12(float* w, long wStride, float* panel, int k0, int k1, float* y, long yStride, int valid, bool accumulate)
    {
        var s2 = 2 * wStride;
        var b0 = w + k0;
        var b3 = b0 + (3 * wStride);
        var b6 = b0 + (6 * wStride);
        var b9 = b0 + (9 * wStride);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default;
        Vector512<float> a6 = default, a7 = default, a8 = default, a9 = default, aa = default, ab = default;
        var p = panel + (k0 * PanelRows);
        for (var c = k0; c < k1; c++, p += PanelRows, b0++, b3++, b6++, b9++)
        {
            var x0 = Vector512.Load(p);
            a0 = Avx512F.FusedMultiplyAdd(Vector512.Create(*b0), x0, a0);
            a1 = Avx512F.FusedMultiplyAdd(Vector512.Create(*(b0 + wStride)), x0, a1);
            a2 = Avx512F.FusedMultiplyAdd(Vector512.Create(*(b0 + s2)), x0, a2);
            a3 = Avx512F.FusedMultiplyAdd(Vector512.Create(*b3), x0, a3);
            a4 = Avx512F.FusedMultiplyAdd(Vector512.Create(*(b3 + wStride)), x0, a4);
            a5 = Avx512F.FusedMultiplyAdd(Vector512.Create(*(b3 + s2)), x0, a5);
            a6 = Avx512F.FusedMultiplyAdd(Vector512.Create(*b6), x0, a6);
            a7 = Avx512F.FusedMultiplyAdd(Vector512.Create(*(b6 + wStride)), x0, a7);
            a8 = Avx512F.FusedMultiplyAdd(Vector512.Create(*(b6 + s2)), x0, a8);
            a9 = Avx512F.FusedMultiplyAdd(Vector512.Create(*b9), x0, a9);
            aa = Avx512F.FusedMultiplyAdd(Vector512.Create(*(b9 + wStride)), x0, aa);
            ab = Avx512F.FusedMultiplyAdd(Vector512.Create(*(b9 + s2)), x0, ab);
        }

        Store12x16(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, aa, ab, y, yStride, valid, accumulate);
    }

    /// <summary>
    /// <c>y[j · yStride + r] (+)= a_r[j]</c> for weight rows r &lt; 12 and activation rows j &lt; <paramref name="count"/>
    /// (at most 16; none when it is 0 or less), through the AVX2 in-register transposes of <see cref="Store6x8"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store12x16(
        Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3, Vector512<float> a4, Vector512<float> a5,
        Vector512<float> a6, Vector512<float> a7, Vector512<float> a8, Vector512<float> a9, Vector512<float> aa, Vector512<float> ab,
        float* y, long yStride, int count, bool accumulate)
    {
        if (count <= 0)
        {
            return;
        }

        var low = Math.Min(count, 8);
        Store6x8(a0.GetLower(), a1.GetLower(), a2.GetLower(), a3.GetLower(), a4.GetLower(), a5.GetLower(), y, yStride, low, accumulate);
        Store6x8(a6.GetLower(), a7.GetLower(), a8.GetLower(), a9.GetLower(), aa.GetLower(), ab.GetLower(), y + 6, yStride, low, accumulate);
        if (count > 8)
        {
            var y8 = y + (8 * yStride);
            Store6x8(a0.GetUpper(), a1.GetUpper(), a2.GetUpper(), a3.GetUpper(), a4.GetUpper(), a5.GetUpper(), y8, yStride, count - 8, accumulate);
            Store6x8(a6.GetUpper(), a7.GetUpper(), a8.GetUpper(), a9.GetUpper(), aa.GetUpper(), ab.GetUpper(), y8 + 6, yStride, count - 8, accumulate);
        }
    }
}
