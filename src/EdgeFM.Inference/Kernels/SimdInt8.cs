using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeFM.Inference.Kernels;

/// <summary>AVX2 building blocks shared by the quantized dot products and the activation quantizers.</summary>
internal static unsafe class SimdInt8
{
    /// <summary>True when the AVX2 + FMA kernels can run on this machine.</summary>
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>
    /// Eight int32 partial sums of a[i]·b[i] over 32 signed bytes. vpmaddubsw needs one unsigned operand, so |a| is
    /// multiplied by b carrying a's sign; the int16 pair sums cannot saturate while |b| ≤ 127 (2·128·127 &lt; 32767).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> DotSigned(Vector256<sbyte> a, Vector256<sbyte> b)
    {
        var pairs = Avx2.MultiplyAddAdjacent(Avx2.Abs(a), Avx2.Sign(b, a));
        return Avx2.MultiplyAddAdjacent(pairs, Vector256<short>.One);
    }

    /// <summary>Sum of the eight lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HorizontalSum(Vector256<float> v)
    {
        var s = v.GetLower() + v.GetUpper();
        s += Sse.MoveHighToLow(s, s);
        s += Sse.Shuffle(s, s, 0b01);
        return s.ToScalar();
    }

    /// <summary>
    /// How far ahead (in rows) the four-row quantized mat-vec kernels prefetch. Four interleaved row streams are too
    /// short for the hardware prefetcher (measured: half the DRAM bandwidth of one sequential row), so each kernel
    /// prefetches the rows of the group after next in step with its own progress.
    /// </summary>
    public const int PrefetchRowsAhead = 8;

    /// <summary>
    /// Prefetches the cache lines of [p, p + bytes) into all cache levels (bytes ≤ 192). Prefetches never fault, so
    /// addresses past the end of a matrix are harmless.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Prefetch(byte* p, int bytes)
    {
        Sse.Prefetch0(p);
        Sse.Prefetch0(p + 64);
        if (bytes > 128)
        {
            Sse.Prefetch0(p + 128);
        }
    }

    /// <summary>Stores the lane sums of four accumulators into y[0..3].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreSums(float* y, Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3)
    {
        y[0] = HorizontalSum(a0);
        y[1] = HorizontalSum(a1);
        y[2] = HorizontalSum(a2);
        y[3] = HorizontalSum(a3);
    }

    /// <summary>max |x[i]| over <paramref name="count"/> floats (a multiple of 8 when AVX is used).</summary>
    public static float MaxAbs(float* x, int count)
    {
        if (Avx.IsSupported && count % 8 == 0)
        {
            var m = Vector256<float>.Zero;
            for (var i = 0; i < count; i += 8)
            {
                m = Avx.Max(m, Vector256.Abs(Avx.LoadVector256(x + i)));
            }

            var m128 = Sse.Max(m.GetLower(), m.GetUpper());
            m128 = Sse.Max(m128, Sse.MoveHighToLow(m128, m128));
            m128 = Sse.Max(m128, Sse.Shuffle(m128, m128, 0b01));
            return m128.ToScalar();
        }

        var amax = 0f;
        for (var i = 0; i < count; i++)
        {
            amax = MathF.Max(amax, MathF.Abs(x[i]));
        }

        return amax;
    }

    /// <summary>
    /// q[i] = round(x[i] · scale) for 32 floats, ties away from zero like C's roundf (ggml's reference rounding).
    /// The caller guarantees |x[i] · scale| ≤ 127.5 so no value saturates except by rounding noise.
    /// </summary>
    public static void Round32(sbyte* q, float* x, float scale)
    {
        if (Avx2.IsSupported)
        {
            var s = Vector256.Create(scale);
            var i0 = RoundAway(Avx.LoadVector256(x) * s);
            var i1 = RoundAway(Avx.LoadVector256(x + 8) * s);
            var i2 = RoundAway(Avx.LoadVector256(x + 16) * s);
            var i3 = RoundAway(Avx.LoadVector256(x + 24) * s);

            // The packs work per 128-bit lane; the final permute restores element order.
            var p01 = Avx2.PackSignedSaturate(i0, i1);
            var p23 = Avx2.PackSignedSaturate(i2, i3);
            var bytes = Avx2.PackSignedSaturate(p01, p23);
            var ordered = Avx2.PermuteVar8x32(bytes.AsInt32(), Vector256.Create(0, 4, 1, 5, 2, 6, 3, 7));
            Avx.Store(q, ordered.AsSByte());
            return;
        }

        for (var i = 0; i < 32; i++)
        {
            q[i] = (sbyte)Math.Clamp((int)MathF.Round(x[i] * scale, MidpointRounding.AwayFromZero), -128, 127);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> RoundAway(Vector256<float> v)
    {
        // roundf: truncate, then step one away from zero when the (exact) remaining fraction is at least one half.
        var truncated = Avx.RoundToZero(v);
        var fraction = Vector256.Abs(v - truncated);
        var one = Avx.Or(Avx.And(v, Vector256.Create(-0f)), Vector256<float>.One);
        var step = Avx.And(Avx.CompareGreaterThanOrEqual(fraction, Vector256.Create(0.5f)), one);
        return Avx.ConvertToVector256Int32WithTruncation(truncated + step);
    }
}
