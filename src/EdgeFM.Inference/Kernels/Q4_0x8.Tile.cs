using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>
/// The prefill tile of the repacked Q4_0 layout: one group of eight weight rows against <see cref="TileTokens"/>
/// activation rows with AVX-VNNI's <c>vpdpbusd</c> (four unsigned nibble × signed int8 products summed into each
/// int32 lane in one instruction).
/// </summary>
/// <remarks>
/// Why int8 and not dequantize-then-F32 for this layout: per block of 32 columns, eight rows and one activation row,
/// the tile does 8 <c>vpdpbusd</c> (256 multiply-adds) plus 4 operations for the offset, scale, conversion and FMA,
/// against 32 float FMAs of 8 lanes (16 of 16 lanes) for the same work after dequantization. The nibble unpacking and
/// the scale widening of a group's block (12 + 3 operations) are shared by the tile's activation rows.
/// Each activation row's result is bit-identical to <see cref="DotAvx2"/> (the same exact integer block sums, the same
/// float scale products and the same FMA sequence), so a prompt prefilled in a batch gives the same logits as the same
/// prompt fed one token at a time.
/// </remarks>
internal static unsafe partial class Q4_0x8
{
    /// <summary>Activation rows per <see cref="Dot4Vnni"/> tile.</summary>
    public const int TileTokens = 4;

    /// <summary>True when this machine runs <see cref="Dot4Vnni"/> (AVX-VNNI, AVX2, FMA).</summary>
    public static bool VnniSupported => AvxVnni.IsSupported && Avx2.IsSupported && Fma.IsSupported;

    /// <summary>
    /// <see cref="DotAvx2"/> for four activation rows at once: <c>y + t · yStride</c> gets the group's eight outputs
    /// for the Q8_0 activation row <c>x + t · xStride</c> with side data <c>aux + t · auxStride</c>, t &lt; 4.
    /// </summary>
    public static void Dot4Vnni(byte* group, byte* x, long xStride, byte* aux, long auxStride, int columns, float* y, long yStride)
    {
        var mask = Vector256.Create((byte)0x0F);
        var keep = Vector256.Create(unchecked((int)0x8FFF_FFFF));
        Vector256<float> f0 = default, f1 = default, f2 = default, f3 = default;
        var blocks = columns / Q4_0.BlockSize;
        for (var b = 0; b < blocks; b++)
        {
            var g = group + (b * GroupBlockBytes);
            SimdInt8.Prefetch(g + PrefetchBytesAhead, GroupBlockBytes);
            var c0 = Avx.LoadVector256(g + 16);
            var c1 = Avx.LoadVector256(g + 48);
            var c2 = Avx.LoadVector256(g + 80);
            var c3 = Avx.LoadVector256(g + 112);
            var l0 = c0 & mask;
            var l1 = c1 & mask;
            var l2 = c2 & mask;
            var l3 = c3 & mask;
            var h0 = Avx2.ShiftRightLogical(c0.AsUInt16(), 4).AsByte() & mask;
            var h1 = Avx2.ShiftRightLogical(c1.AsUInt16(), 4).AsByte() & mask;
            var h2 = Avx2.ShiftRightLogical(c2.AsUInt16(), 4).AsByte() & mask;
            var h3 = Avx2.ShiftRightLogical(c3.AsUInt16(), 4).AsByte() & mask;

            var dw = WeightScales(g, keep);
            var q = x + (b * Q8_0.BlockBytes) + 2;
            var a = aux + (b * AuxBlockBytes);
            f0 = Token(l0, l1, l2, l3, h0, h1, h2, h3, (int*)q, a, dw, f0);
            f1 = Token(l0, l1, l2, l3, h0, h1, h2, h3, (int*)(q + xStride), a + auxStride, dw, f1);
            f2 = Token(l0, l1, l2, l3, h0, h1, h2, h3, (int*)(q + (2 * xStride)), a + (2 * auxStride), dw, f2);
            f3 = Token(l0, l1, l2, l3, h0, h1, h2, h3, (int*)(q + (3 * xStride)), a + (3 * auxStride), dw, f3);
        }

        Avx.Store(y, f0);
        Avx.Store(y + yStride, f1);
        Avx.Store(y + (2 * yStride), f2);
        Avx.Store(y + (3 * yStride), f3);
    }

    /// <summary>
    /// One activation row's block: the exact int32 sums Σ nibble · q over the four chunks' low and high nibbles, minus
    /// 8 · Σ q, converted and accumulated with the scale product d_w · d_x as in <see cref="DotAvx2"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Token(
        Vector256<byte> l0, Vector256<byte> l1, Vector256<byte> l2, Vector256<byte> l3,
        Vector256<byte> h0, Vector256<byte> h1, Vector256<byte> h2, Vector256<byte> h3,
        int* q, byte* a, Vector256<float> dw, Vector256<float> acc)
    {
        var s = AvxVnni.MultiplyWideningAndAdd(Vector256<int>.Zero, l0, Avx2.BroadcastScalarToVector256(q).AsSByte());
        s = AvxVnni.MultiplyWideningAndAdd(s, h0, Avx2.BroadcastScalarToVector256(q + 4).AsSByte());
        s = AvxVnni.MultiplyWideningAndAdd(s, l1, Avx2.BroadcastScalarToVector256(q + 1).AsSByte());
        s = AvxVnni.MultiplyWideningAndAdd(s, h1, Avx2.BroadcastScalarToVector256(q + 5).AsSByte());
        s = AvxVnni.MultiplyWideningAndAdd(s, l2, Avx2.BroadcastScalarToVector256(q + 2).AsSByte());
        s = AvxVnni.MultiplyWideningAndAdd(s, h2, Avx2.BroadcastScalarToVector256(q + 6).AsSByte());
        s = AvxVnni.MultiplyWideningAndAdd(s, l3, Avx2.BroadcastScalarToVector256(q + 3).AsSByte());
        s = AvxVnni.MultiplyWideningAndAdd(s, h3, Avx2.BroadcastScalarToVector256(q + 7).AsSByte());
        s -= Avx2.BroadcastScalarToVector256((int*)(a + 4));
        var scales = dw * Avx.BroadcastScalarToVector256((float*)a);
        return Fma.MultiplyAdd(scales, Avx.ConvertToVector256Single(s), acc);
    }
}
